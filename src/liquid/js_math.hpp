// JavaScript's Math.pow as V8 (Node 20) computes it. V8 does not use the C library's pow but
// fdlibm's algorithm, whose last bit differs from glibc's and musl's for some arguments (10 ** 23,
// 10 ** 2.5); the `round` filter's precision goes through it, so mapcheck uses the same
// algorithm natively and in WebAssembly.
#pragma once

namespace mapcheck::liquid {

// Math.pow(x, y) / x ** y, bit for bit as in V8.
double js_pow(double x, double y);

}  // namespace mapcheck::liquid
