// The @liquid engine: what a template renders, or the error liquidjs throws, as Segment's
// runtime (liquidjs 10.27.2 with mapping-kit's options) does. Expected values were produced by
// running the reference (`transform({"@liquid": template}, payload)`, TZ=UTC).
#include <doctest/doctest.h>

#include <string>

#include "api.hpp"
#include "json/parse.hpp"
#include "json/write.hpp"
#include "liquid/render.hpp"
#include "mapping/transform.hpp"

using namespace mapcheck;
using json::Value;

namespace {

Value j(std::string_view text) {
  json::ParseResult r = json::parse(text);
  REQUIRE_MESSAGE(r.ok(), std::string(text));
  return r.value;
}

const char* kEvent = R"({
  "type": "track", "event": "Order Completed", "userId": "u-1",
  "properties": {"name": "Nemo", "count": 3, "price": 4.5, "tags": ["a", "b", "c"], "empty": "",
                 "nil": null, "zero": 0, "flag": true, "obj": {"k": "v"}, "html": "<b>&'\"</b>",
                 "date": "2024-03-05T10:20:30Z", "words": "a,b,c", "spaced": "  pad  ",
                 "big": 1e21, "third": 0.30000000000000004, "negzero": -0, "emoji": "😀"},
  "context": {"traits": {"email": "Jane@Example.com"}}
})";

// The rendered text, or "<ErrorName>: message".
std::string render(std::string_view tpl, std::string_view payload = kEvent) {
  liquid::RenderResult r = liquid::render(tpl, j(payload));
  if (r.error) return r.error->name + ": " + r.error->message;
  return r.output;
}

// A whole transform's output as compact JSON, or "<ErrorName>: message".
std::string run(std::string_view mapping, std::string_view payload = kEvent) {
  mapping::TransformResult r = mapping::transform(j(mapping), j(payload));
  if (r.error) return r.error->name + ": " + r.error->message;
  std::optional<std::string> s = json::stringify(r.output);
  return s ? *s : "undefined";
}

}  // namespace

TEST_CASE("output renders values the way liquidjs writes them") {
  CHECK(render("{{ properties.name }}!") == "Nemo!");
  CHECK(render("[{{ properties.missing }}|{{ properties.nil }}]") == "[|]");
  CHECK(render("{{ properties.tags }}") == "abc");  // arrays concatenate without separator
  CHECK(render("{{ properties.obj }}") == "[object Object]");
  CHECK(render("{{ properties.big }} {{ properties.third }} {{ properties.negzero }}") ==
        "1e+21 0.30000000000000004 0");
  CHECK(render("{{ properties.flag }} {{ nil }}{{ empty }}{{ blank }}") == "true ");
  CHECK(render("{{ properties.tags[-1] }}{{ properties.tags.first }}{{ properties.tags.size }}") ==
        "ca3");
  CHECK(render("{{ properties.emoji.size }} {{ properties.name[0] }} {{ properties['name'] }}") ==
        "2 N Nemo");
  CHECK(render("{{ size }}{{ properties.obj.size }}") == "01");
  CHECK(render("{{ (1..4) }}{{ a b }}") == "1234");
}

TEST_CASE("if, elsif, else and unless follow liquidjs truthiness") {
  CHECK(render("{% if properties.zero %}0 is truthy{% endif %}") == "0 is truthy");
  CHECK(render("{% if properties.empty %}\"\" is truthy{% endif %}") == "\"\" is truthy");
  CHECK(render("{% if properties.nil %}x{% else %}null is falsy{% endif %}") == "null is falsy");
  CHECK(render("{% if properties.count > 5 %}a{% elsif properties.count == 3 %}b{% else %}c{% "
               "endif %}") == "b");
  CHECK(render("{% unless properties.flag %}off{% elsif true %}elsif{% endunless %}") == "elsif");
  CHECK(
      render(
          "{% if properties.tags contains 'b' and properties.name contains 'em' %}y{% endif %}") ==
      "y");
  // and/or group from the right: false and (false or true) is false.
  CHECK(render("{% if false and false or true %}y{% else %}n{% endif %}") == "n");
  CHECK(render("{% if properties.empty == empty and properties.spaced != blank %}y{% endif %}") ==
        "y");
  CHECK(render("{% if properties.obj == properties.obj %}same{% endif %}") == "same");
  CHECK(render("{{ 1 == 1 }} {{ 'a' < 'b' }} {{ '10' > 9 }} {{ nil < 1 }}") ==
        "true true true false");
}

TEST_CASE("assign, capture, increment, cycle, echo, liquid, raw and comments") {
  CHECK(render("{% assign g = 'Hi ' | append: properties.name %}{{ g }}") == "Hi Nemo");
  CHECK(render("{% capture x %}{{ properties.count }} items{% endcapture %}<{{ x }}>") ==
        "<3 items>");
  CHECK(render("{% increment n %}{% increment n %}{% decrement m %}{{ n }}") == "01-12");
  CHECK(render("{% cycle 'a','b' %}{% cycle 'c','d' %}{% cycle 'x': 1, 2 %}") == "ad1");
  CHECK(render("{% echo properties.name | upcase %}") == "NEMO");
  CHECK(render("{% liquid\nif properties.flag\n  echo 'yes'\nendif\n# note\n%}") == "yes");
  CHECK(
      render("{% raw %}{{ kept }}{% endraw %}a{% comment %}{{ gone }}{% endcomment %}b{% # c %}") ==
      "{{ kept }}ab");
  CHECK(render("a{% if true %}b{% break %}c{% endif %}d") == "ab");
}

TEST_CASE("increment writes its counter into the payload for later directives") {
  CHECK(
      run(R"({"a":{"@liquid":"{% increment n %}{% increment n %}"},"b":{"@path":"$.n"},"c":{"@liquid":"{{ n }}"}})") ==
      R"({"a":"01","b":2,"c":"2"})");
}

TEST_CASE("whitespace control trims the neighbouring text") {
  CHECK(render("[ {{- properties.name -}} ]") == "[Nemo]");
  CHECK(render("a \n {%- if true -%} \n b \n {%- endif -%} \n c") == "abc");
  CHECK(render("{%- assign x = 1 -%}\n\n{{ x }}") == "1");
}

TEST_CASE("string and array filters") {
  CHECK(render("{{ 'ß ǅ Σ' | upcase }}|{{ 'İΣ' | downcase }}|{{ 'hELLO wORLD' | capitalize }}") ==
        "SS Ǆ Σ|i̇ς|Hello world");
  CHECK(render("{{ properties.words | split: ',' | join: ' ' }}") == "a b c");
  CHECK(render("{{ properties.html | escape }}") == "&lt;b&gt;&amp;&#39;&#34;&lt;/b&gt;");
  CHECK(render("{{ 'Great Barrier Reef' | truncate: 8 }}|{{ 'a b c d' | truncatewords: 2 }}") ==
        "Great...|a b...");
  CHECK(render("[{{ properties.spaced | strip }}|{{ properties.spaced | lstrip }}]") ==
        "[pad|pad  ]");
  CHECK(render("{{ 'aXbX' | replace: 'X', '-' }}{{ 'aXbX' | replace_first: 'X', '' }}{{ 'aXbX' | "
               "remove_last: 'X' }}") == "a-b-abXaXb");
  CHECK(render("{{ 'a b&c' | url_encode }} {{ 'a%20b+c' | url_decode }}") == "a+b%26c a b c");
  CHECK(render("{{ properties.tags | first }}{{ properties.tags | last }}{{ properties.tags | size "
               "}}") == "ac3");
  CHECK(render("{{ properties.tags | slice: -2, 5 | join: ',' }}|{{ 'hello' | slice: 1, 3 }}") ==
        "b,c|ell");
  CHECK(render("{{ properties.tags | push: 'd' | join }}") == "a b c d");
  CHECK(render("{{ properties.missing | default: 'n/a' }}{{ false | default: 'x', allow_false: "
               "true }}") == "n/afalse");
  CHECK(render("{{ properties.obj | json }}|{{ properties.tags | json: 1 }}") ==
        "{\"k\":\"v\"}|[\n \"a\",\n \"b\",\n \"c\"\n]");
  CHECK(render("{{ 'Hello, World!' | slugify }}|{{ 'hi' | base64_encode }}|{{ 'abc' | sha256 | "
               "truncate: 11 }}") == "hello-world|aGk=|ba7816bf...");
  CHECK(render("{{ properties.name | nosuchfilter: 1 }}") ==
        "Nemo");  // unknown filters pass through
}

TEST_CASE("math filters use JavaScript numbers") {
  CHECK(render("{{ 4.5 | round }} {{ 1.005 | round: 2 }} {{ 10 | divided_by: 4 }} {{ 10 | "
               "divided_by: 4, true }}") == "5 1.01 2.5 2");
  CHECK(render("{{ 0.1 | plus: 0.2 }} {{ 'abc' | plus: 1 }} {{ 5 | plus }} {{ -7 | modulo: 3 }}") ==
        "0.30000000000000004 1 NaN 2");
  CHECK(render("{{ 1 | divided_by: 0 }} {{ 3 | at_least: 5 }} {{ 3 | at_most: 1, 2 }} {{ 12345.678 "
               "| round: -2 }}") == "Infinity 5 1 12300");
}

TEST_CASE("date formats strftime codes in UTC and parses dates like V8") {
  CHECK(render("{{ properties.date | date: '%Y-%m-%d %H:%M:%S %a %b %j %z %Z' }}") ==
        "2024-03-05 10:20:30 Tue Mar 065 +0000 UTC");
  CHECK(render("{{ 'March 5, 2024 4:05 PM' | date: '%-d/%-m/%y %I:%M %p %s' }}") ==
        "5/3/24 04:05 PM 1709654700");
  CHECK(render("{{ 1709634030 | date: '%c' }}|{{ '2024-03-05T10:20:30+02:00' | date: '%H:%M' }}") ==
        "3/5/2024, 10:20:30 AM|08:20");
  CHECK(render("{{ properties.date | date: '%H:%M %z', -330 }}") == "15:50 +0530");
  CHECK(
      render("{{ 'not a date' | date: '%Y' }}|{{ properties.date | date: '%^B %-e%q %5Y %Q' }}") ==
      "not a date|MARCH 5th 02024 %Q");
  CHECK(render("{{ properties.date | date: '%Y', 'Bogus Zone' }}") ==
        "RenderError: Invalid time zone specified: Bogus Zone, line:1, col:1");
}

TEST_CASE("errors carry liquidjs's class and line:col position") {
  CHECK(render("{% for x in y %}{% endfor %}") ==
        "ParseError: tag \"for\" is disabled, line:1, col:1");
  CHECK(render("ok\n  {% nosuchtag %}") ==
        "ParseError: tag \"nosuchtag\" not found, line:2, col:3");
  CHECK(render("😀{{ a ") == "TokenizationError: output \"{{ a \" not closed, line:1, col:3");
  CHECK(render("x\n{{ properties.tags | sort }}") ==
        "RenderError: filter \"sort\" is disabled, line:2, col:1");
  CHECK(render("{% if false %}{{ properties.tags | sort }}{% endif %}ok") == "ok");
  CHECK(render("{% if x %}open") == "ParseError: tag {% if x %} not closed, line:1, col:1");
  CHECK(render("{{ 'a' | append }}") == "RenderError: append expect 2 arguments, line:1, col:1");
  CHECK(render("{{ a | | b }}") == "TokenizationError: expected filter name, line:1, col:8");
  CHECK(render("{% raw %}x") == "TokenizationError: raw \"{% raw %}x\" not closed, line:1, col:10");
  CHECK(render("{{ nil.constructor }}") ==
        "UndefinedVariableError: Class constructor NullDrop cannot be invoked without 'new', "
        "line:1, col:4");
}

TEST_CASE("liquidjs's memory counter and mapcheck's caps bound every template") {
  // liquidjs refuses before allocating: its counter passes 1e8.
  CHECK(render("{{ (1..200000000) | size }}") ==
        "RenderError: memory alloc limit exceeded, line:1, col:1");
  // Within liquidjs's counter, but beyond what mapcheck builds: a LimitError, never a hang.
  const std::string doubling = "{% assign s = 'xxxxxxxxxxxxxxxx' %}" +
                               std::string(
                                   "{% assign s = s | append: s %}{% assign s = s | append: s %}{% "
                                   "assign s = s | append: s %}"
                                   "{% assign s = s | append: s %}{% assign s = s | append: s %}{% "
                                   "assign s = s | append: s %}"
                                   "{% assign s = s | append: s %}{% assign s = s | append: s %}{% "
                                   "assign s = s | append: s %}"
                                   "{% assign s = s | append: s %}{% assign s = s | append: s %}{% "
                                   "assign s = s | append: s %}"
                                   "{% assign s = s | append: s %}{% assign s = s | append: s %}{% "
                                   "assign s = s | append: s %}"
                                   "{% assign s = s | append: s %}{% assign s = s | append: s %}{% "
                                   "assign s = s | append: s %}"
                                   "{% assign s = s | append: s %}") +
                               "{{ s | size }}";  // 16 characters doubled 19 times: 8 MiB
  CHECK(render(doubling).rfind(
            "LimitError: @liquid stopped: the template builds a string larger than 4 MiB", 0) == 0);
  CHECK(render("{{ (1..2000000) | size }}").rfind("LimitError:", 0) == 0);

  // Through the API the cap becomes the LIM-01 diagnostic.
  const std::string mapping = std::string(R"({"x":{"@liquid":")") + doubling + "\"}}";
  const Value result = j(api::to_json(api::transform(mapping, std::string_view("{}"))));
  REQUIRE(result.find("diagnostics") != nullptr);
  bool lim = false;
  for (const Value& d : result.find("diagnostics")->as_array())
    lim = lim || d.find("code")->as_string() == "LIM-01";
  CHECK(lim);
}

TEST_CASE("what mapcheck cannot predict is reported as unsupported, never guessed") {
  // sample shuffles with Math.random; a one-element array is still predictable.
  CHECK(render("{{ properties.tags | sample }}").rfind("UnsupportedError: the sample filter", 0) ==
        0);
  CHECK(render("{{ 'a' | split: ',' | sample }}") == "a");
  // Time zones other than UTC and fixed offsets need the tz database.
  CHECK(render("{{ properties.date | date: '%H', 'America/New_York' }}")
            .rfind("UnsupportedError:", 0) == 0);
  CHECK(render("{{ properties.date | date: '%H %Z', 'Etc/GMT-2' }}") == "12 Etc/GMT-2");
}

TEST_CASE("@liquid validation and length are checked before rendering") {
  CHECK(run(R"({"@liquid": 5})") ==
        "ValidationError: /@liquid should be a string but it is a number.");
  CHECK(run(R"({"@liquid": ""})") == R"("")");
  CHECK(run(std::string(R"({"@liquid": ")") + std::string(1001, 'x') + "\"}") ==
        "Error: liquid template values are limited to 1000 characters");
  // The limit counts UTF-16 units: 900 units in 1400 bytes pass, 501 emoji (1002 units) fail.
  std::string accented;
  for (int i = 0; i < 500; ++i) accented += "é";
  CHECK(run(std::string(R"({"@liquid": ")") + std::string(400, 'x') + accented + "\"}").size() ==
        1400 + 2);
  std::string emoji;
  for (int i = 0; i < 501; ++i) emoji += "😀";
  CHECK(run(std::string(R"({"@liquid": ")") + emoji + "\"}") ==
        "Error: liquid template values are limited to 1000 characters");
}
