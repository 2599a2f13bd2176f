// Math.pow with fdlibm's algorithm (e_pow.c, as V8's base::ieee754::legacy::pow uses it): log2(x)
// in extra precision, y * log2(x) split into an integer and a fraction, then 2^fraction by a
// polynomial. The constants are the algorithm's own.
#include "liquid/js_math.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace mapcheck::liquid {

namespace {

std::int32_t high_word(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return static_cast<std::int32_t>(bits >> 32);
}

std::uint32_t low_word(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return static_cast<std::uint32_t>(bits);
}

double from_words(std::int32_t hi, std::uint32_t lo) {
  const std::uint64_t bits =
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(hi)) << 32) | lo;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

double with_low_zero(double d) {
  return from_words(high_word(d), 0);
}

}  // namespace

double js_pow(double x, double y) {
  constexpr double bp[] = {1.0, 1.5};
  constexpr double dp_h[] = {0.0, 5.84962487220764160156e-01};
  constexpr double dp_l[] = {0.0, 1.35003920212974897128e-08};
  constexpr double two53 = 9007199254740992.0;
  constexpr double huge = 1.0e300, tiny = 1.0e-300;
  constexpr double L1 = 5.99999999999994648725e-01, L2 = 4.28571428578550184252e-01,
                   L3 = 3.33333329818377432918e-01, L4 = 2.72728123808534006489e-01,
                   L5 = 2.30660745775561754067e-01, L6 = 2.06975017800338417784e-01;
  constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                   P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                   P5 = 4.13813679705723846039e-08;
  constexpr double lg2 = 6.93147180559945286227e-01, lg2_h = 6.93147182464599609375e-01,
                   lg2_l = -1.90465429995776804525e-09;
  constexpr double ovt = 8.0085662595372944372e-17;
  constexpr double cp = 9.61796693925975554329e-01, cp_h = 9.61796700954437255859e-01,
                   cp_l = -7.02846165095275826516e-09;
  constexpr double ivln2 = 1.44269504088896338700e+00, ivln2_h = 1.44269502162933349609e+00,
                   ivln2_l = 1.92596299112661746887e-08;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  const std::int32_t hx = high_word(x), hy = high_word(y);
  const std::uint32_t lx = low_word(x), ly = low_word(y);
  std::int32_t ix = hx & 0x7fffffff;
  const std::int32_t iy = hy & 0x7fffffff;

  if ((iy | static_cast<std::int32_t>(ly)) == 0) return 1.0;
  if (ix > 0x7ff00000 || (ix == 0x7ff00000 && lx != 0) || iy > 0x7ff00000 ||
      (iy == 0x7ff00000 && ly != 0))
    return x + y;

  // Whether y is an odd (1) or even (2) integer, for negative x.
  int yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) {
      yisint = 2;
    } else if (iy >= 0x3ff00000) {
      const int k = (iy >> 20) - 0x3ff;
      if (k > 20) {
        const std::uint32_t j = ly >> (52 - k);
        if ((j << (52 - k)) == ly) yisint = 2 - static_cast<int>(j & 1);
      } else if (ly == 0) {
        const std::int32_t j = iy >> (20 - k);
        if ((j << (20 - k)) == iy) yisint = 2 - (j & 1);
      }
    }
  }

  if (ly == 0) {
    if (iy == 0x7ff00000) {
      if (((ix - 0x3ff00000) | static_cast<std::int32_t>(lx)) == 0) return y - y;
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0.0;
      return hy < 0 ? -y : 0.0;
    }
    if (iy == 0x3ff00000) return hy < 0 ? 1.0 / x : x;
    if (hy == 0x40000000) return x * x;
    if (hy == 0x3fe00000 && hx >= 0) return std::sqrt(x);
  }

  double ax = std::fabs(x);
  if (lx == 0 && (ix == 0x7ff00000 || ix == 0 || ix == 0x3ff00000)) {
    double z = ax;
    if (hy < 0) z = 1.0 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) == 0)
        z = nan;
      else if (yisint == 1)
        z = -z;
    }
    return z;
  }

  int n = hx < 0 ? 0 : 1;  // fdlibm's (hx >> 31) + 1
  if ((n | yisint) == 0) return nan;
  double s = 1.0;
  if ((n | (yisint - 1)) == 0) s = -1.0;

  double t1, t2;
  if (iy > 0x41e00000) {
    if (iy > 0x43f00000) {
      if (ix <= 0x3fefffff) return hy < 0 ? huge * huge : tiny * tiny;
      if (ix >= 0x3ff00000) return hy > 0 ? huge * huge : tiny * tiny;
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * huge * huge : s * tiny * tiny;
    if (ix > 0x3ff00000) return hy > 0 ? s * huge * huge : s * tiny * tiny;
    const double t = ax - 1.0;
    const double w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const double u = ivln2_h * t;
    const double v = t * ivln2_l - w * ivln2;
    t1 = with_low_zero(u + v);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    if (ix < 0x00100000) {
      ax *= two53;
      n -= 53;
      ix = high_word(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const std::int32_t j = ix & 0x000fffff;
    ix = j | 0x3ff00000;
    int k;
    if (j <= 0x3988E) {
      k = 0;
    } else if (j < 0xBB67A) {
      k = 1;
    } else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = from_words(ix, low_word(ax));

    double u = ax - bp[k];
    double v = 1.0 / (ax + bp[k]);
    const double ss = u * v;
    const double s_h = with_low_zero(ss);
    double t_h = from_words(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    double t_l = ax - (t_h - bp[k]);
    const double s_l = v * ((u - s_h * t_h) - s_h * t_l);
    double s2 = ss * ss;
    double r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += s_l * (s_h + ss);
    s2 = s_h * s_h;
    t_h = with_low_zero(3.0 + s2 + r);
    t_l = r - ((t_h - 3.0) - s2);
    u = s_h * t_h;
    v = s_l * t_h + t_l * ss;
    const double p_h = with_low_zero(u + v);
    const double p_l = v - (p_h - u);
    const double z_h = cp_h * p_h;
    const double z_l = cp_l * p_h + p_l * cp + dp_l[k];
    const double t = static_cast<double>(n);
    t1 = with_low_zero(((z_h + z_l) + dp_h[k]) + t);
    t2 = z_l - (((t1 - t) - dp_h[k]) - z_h);
  }

  // (y1 + y2) * (t1 + t2) with y1 the high part of y.
  const double y1 = with_low_zero(y);
  const double p_l0 = (y - y1) * t1 + y * t2;
  double p_h = y1 * t1;
  double z = p_l0 + p_h;
  std::int32_t j = high_word(z);
  const std::int32_t i0 = static_cast<std::int32_t>(low_word(z));
  if (j >= 0x40900000) {
    if (((j - 0x40900000) | i0) != 0) return s * huge * huge;
    if (p_l0 + ovt > z - p_h) return s * huge * huge;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    if (((j - static_cast<std::int32_t>(0xc090cc00)) | i0) != 0) return s * tiny * tiny;
    if (p_l0 <= z - p_h) return s * tiny * tiny;
  }

  // 2 ** (p_h + p_l0)
  const std::int32_t i = j & 0x7fffffff;
  int k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    const double t = from_words(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    p_h -= t;
  }
  double t = with_low_zero(p_l0 + p_h);
  const double u = t * lg2_h;
  const double v = (p_l0 - (t - p_h)) * lg2 + t * lg2_l;
  z = u + v;
  const double w = v - (z - u);
  t = z * z;
  t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const double r = (z * t1) / ((t1 - 2.0) - (w + z * w));
  z = 1.0 - (r - z);
  j = high_word(z);
  j += static_cast<std::int32_t>(static_cast<std::uint32_t>(n) << 20);
  if ((j >> 20) <= 0) {
    z = std::scalbn(z, n);
  } else {
    z = from_words(high_word(z) + static_cast<std::int32_t>(static_cast<std::uint32_t>(n) << 20),
                   low_word(z));
  }
  return s * z;
}

}  // namespace mapcheck::liquid
