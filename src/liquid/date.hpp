// Dates for the Liquid `date` filters: JavaScript's `new Date(value)` (V8's date-string parser,
// as in Node 20) and liquidjs's strftime, in the UTC time zone the reference runs in.
#pragma once

#include <string_view>

#include "liquid/filters.hpp"

namespace mapcheck::liquid {

// new Date(text).getTime() in Node 20 with TZ=UTC: ES5 ISO strings and V8's legacy formats
// ("March 5, 2024", "2024/03/05 10:20", "Tue, 05 Mar 2024 10:20:30 GMT", ...). NaN when V8
// rejects the text.
double parse_date_string(std::u16string_view text);

// The filters date, date_to_xmlschema, date_to_rfc822, date_to_string, date_to_long_string.
Value filter_date(Invocation& call);
Value filter_date_to_xmlschema(Invocation& call);
Value filter_date_to_rfc822(Invocation& call);
Value filter_date_to_string(Invocation& call);
Value filter_date_to_long_string(Invocation& call);

}  // namespace mapcheck::liquid
