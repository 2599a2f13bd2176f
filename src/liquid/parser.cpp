// Building the template tree from tokens, tag by tag, with liquidjs's messages (see parser.hpp).
#include "liquid/parser.hpp"

#include "json/write.hpp"
#include "liquid/values.hpp"

namespace mapcheck::liquid {

namespace {

// The tags mapping-kit registers as throwing.
bool is_disabled_tag(std::u16string_view name) {
  return name == u"case" || name == u"for" || name == u"include" || name == u"layout" ||
         name == u"render" || name == u"tablerow";
}

class Parser {
 public:
  explicit Parser(std::u16string_view input) : in_(input) {}

  struct Stream {
    std::vector<RawToken>* tokens;
    std::size_t next = 0;
    bool empty() const { return next >= tokens->size(); }
    const RawToken& take() { return (*tokens)[next++]; }
  };

  bool parse_tokens(Stream& s, Templates& out) {
    while (!s.empty())
      if (!parse_token(s, s.take(), out)) return false;
    return true;
  }

  std::optional<Failure> error;

 private:
  std::u16string_view in_;

  std::string token_text(const RawToken& t) const {
    return to_text(in_.substr(t.begin, t.end - t.begin));
  }

  std::u16string_view args_of(const RawToken& t) const {
    if (t.args_begin >= t.content_end) return {};
    return in_.substr(t.args_begin, t.content_end - t.args_begin);
  }

  Tokenizer tag_tokenizer(const RawToken& t) const {
    Tokenizer tz(in_, t.content_begin, t.content_end);
    tz.p = t.args_begin;
    return tz;
  }

  static bool is_tag(const RawToken& t, std::u16string_view name) {
    return t.kind == RawToken::Kind::tag && t.name == name;
  }

  bool fail_parse(const RawToken& at, const std::string& message) {
    if (!error) error = Failure{"ParseError", message + position_suffix(in_, at.begin)};
    return false;
  }

  // A tokenizer failure inside the tag `at`: liquidjs errors keep their own position, plain
  // JavaScript errors become a ParseError at the tag.
  bool adopt(const Tokenizer& tz, const RawToken& at) {
    if (tz.error->name.empty()) return fail_parse(at, tz.error->message);
    if (!error) error = tz.error;
    return false;
  }

  bool not_closed(const RawToken& tag) {
    return fail_parse(tag, "tag " + token_text(tag) + " not closed");
  }

  bool unexpected_args(const RawToken& owner, std::u16string_view args) {
    std::string quoted;
    json::append_json_string(quoted, to_text(args));
    return fail_parse(owner, "unexpected " + quoted);
  }

  bool parse_token(Stream& s, const RawToken& tok, Templates& out) {
    Template t;
    t.begin = tok.begin;
    switch (tok.kind) {
      case RawToken::Kind::html: {
        t.kind = Template::Kind::text;
        const std::size_t b = tok.begin + tok.html_trim_left;
        const std::size_t e = tok.end - tok.html_trim_right;
        if (b < e) t.text = to_text(in_.substr(b, e - b));
        out.push_back(std::move(t));
        return true;
      }
      case RawToken::Kind::output: {
        Tokenizer tz(in_, tok.content_begin, tok.content_end);
        t.kind = Template::Kind::output;
        t.value = tz.read_filtered_value();
        if (tz.failed()) return adopt(tz, tok);
        out.push_back(std::move(t));
        return true;
      }
      case RawToken::Kind::tag:
        break;
    }
    if (is_disabled_tag(tok.name))
      return fail_parse(tok, "tag \"" + to_text(tok.name) + "\" is disabled");
    const std::u16string& name = tok.name;
    Tokenizer tz = tag_tokenizer(tok);
    if (name == u"assign") {
      auto [b, e] = tz.read_identifier();
      if (e == b) {
        tz.fail("expected variable name");
        return adopt(tz, tok);
      }
      t.kind = Template::Kind::assign;
      t.text = to_text(in_.substr(b, e - b));
      tz.skip_blank();
      if (tz.peek() != '=') {
        tz.fail("expected \"=\"");
        return adopt(tz, tok);
      }
      tz.advance();
      t.value = tz.read_filtered_value();
      if (tz.failed()) return adopt(tz, tok);
    } else if (name == u"capture") {
      if (!parse_capture(s, tok, tz, t)) return false;
    } else if (name == u"comment") {
      while (!s.empty())
        if (is_tag(s.take(), u"endcomment")) {
          out.push_back(std::move(t));
          return true;
        }
      return not_closed(tok);
    } else if (name == u"raw") {
      t.kind = Template::Kind::text;
      while (!s.empty()) {
        const RawToken& inner = s.take();
        if (is_tag(inner, u"endraw")) {
          out.push_back(std::move(t));
          return true;
        }
        append_text(t.text, token_text(inner));
      }
      return not_closed(tok);
    } else if (name == u"increment" || name == u"decrement") {
      auto [b, e] = tz.read_identifier();
      t.kind = name == u"increment" ? Template::Kind::increment : Template::Kind::decrement;
      t.text = to_text(in_.substr(b, e - b));
    } else if (name == u"cycle") {
      if (!parse_cycle(tok, tz, t)) return false;
    } else if (name == u"if") {
      if (!parse_if(s, tok, tz, t)) return false;
    } else if (name == u"unless") {
      if (!parse_unless(s, tok, tz, t)) return false;
    } else if (name == u"block") {
      t.kind = Template::Kind::block;
      for (;;) {
        if (s.empty()) return not_closed(tok);
        const RawToken& inner = s.take();
        if (is_tag(inner, u"endblock")) break;
        if (!parse_token(s, inner, t.body)) return false;
      }
    } else if (name == u"break" || name == u"continue") {
      t.kind = Template::Kind::stop;
    } else if (name == u"echo") {
      tz.skip_blank();
      if (!tz.at_end()) {
        t.kind = Template::Kind::output;
        t.value = tz.read_filtered_value();
        if (tz.failed()) return adopt(tz, tok);
      }
    } else if (name == u"liquid") {
      std::vector<RawToken> lines;
      tz.read_liquid_tag_tokens(lines);
      if (tz.failed()) return adopt(tz, tok);
      Stream inner{&lines};
      t.kind = Template::Kind::group;
      if (!parse_tokens(inner, t.body)) return false;
    } else if (name == u"#") {
      // Every further line of an inline comment must start with '#'.
      const std::u16string_view args = args_of(tok);
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != u'\n') continue;
        std::size_t j = i + 1;
        while (j < args.size() && is_js_space(args[j])) ++j;
        if (j < args.size() && args[j] != u'#')
          return fail_parse(tok, "every line of an inline comment must start with a '#' character");
      }
    } else {
      return fail_parse(tok, "tag \"" + to_text(name) + "\" not found");
    }
    out.push_back(std::move(t));
    return true;
  }

  bool parse_capture(Stream& s, const RawToken& tok, Tokenizer& tz, Template& t) {
    t.kind = Template::Kind::capture;
    auto [b, e] = tz.read_identifier();
    if (e > b) {
      t.text = to_text(in_.substr(b, e - b));
    } else {
      std::optional<Item> quoted = tz.read_quoted();
      if (tz.failed()) return adopt(tz, tok);
      if (!quoted) {
        tz.fail("invalid capture name");
        return adopt(tz, tok);
      }
      t.text = quoted->content.as_string();
    }
    while (!s.empty()) {
      const RawToken& inner = s.take();
      if (is_tag(inner, u"endcapture")) return true;
      if (!parse_token(s, inner, t.body)) return false;
    }
    return not_closed(tok);
  }

  bool parse_cycle(const RawToken& tok, Tokenizer& tz, Template& t) {
    t.kind = Template::Kind::cycle;
    std::optional<Item> group = tz.read_value();
    if (tz.failed()) return adopt(tz, tok);
    tz.skip_blank();
    if (group) {
      if (tz.peek() == ':') {
        t.cycle_group = std::move(group);
        tz.advance();
      } else {
        t.candidates.push_back(std::move(*group));
      }
    }
    while (!tz.at_end()) {
      std::optional<Item> v = tz.read_value();
      if (tz.failed()) return adopt(tz, tok);
      if (v) t.candidates.push_back(std::move(*v));
      tz.read_to(u',');
    }
    if (t.candidates.empty()) {
      tz.fail("empty candidates: \"" + token_text(tok) + "\"");
      return adopt(tz, tok);
    }
    return true;
  }

  bool parse_if(Stream& s, const RawToken& tok, Tokenizer& tz, Template& t) {
    t.kind = Template::Kind::branches;
    Branch first;
    first.condition = tz.read_filtered_value();
    if (tz.failed()) return adopt(tz, tok);
    t.branches.push_back(std::move(first));
    bool has_else = false;
    while (!s.empty()) {
      const RawToken& inner = s.take();
      if (is_tag(inner, u"elsif")) {
        if (has_else) return fail_parse(tok, "unexpected elsif after else");
        Tokenizer itz = tag_tokenizer(inner);
        Branch b;
        b.condition = itz.read_filtered_value();
        if (itz.failed()) return adopt(itz, tok);
        t.branches.push_back(std::move(b));
        continue;
      }
      if (is_tag(inner, u"else")) {
        if (!args_of(inner).empty()) return unexpected_args(tok, args_of(inner));
        if (has_else) return fail_parse(tok, "duplicated else");
        has_else = true;
        continue;
      }
      if (is_tag(inner, u"endif")) {
        if (!args_of(inner).empty()) return unexpected_args(tok, args_of(inner));
        return true;
      }
      Templates& target = has_else ? t.body : t.branches.back().body;
      if (!parse_token(s, inner, target)) return false;
    }
    return not_closed(tok);
  }

  bool parse_unless(Stream& s, const RawToken& tok, Tokenizer& tz, Template& t) {
    t.kind = Template::Kind::branches;
    Branch first;
    first.when_truthy = false;
    first.condition = tz.read_filtered_value();
    if (tz.failed()) return adopt(tz, tok);
    t.branches.push_back(std::move(first));
    // Where templates go: a branch, the else part, or nowhere (an elsif after else).
    enum class Target { branch, otherwise, discard } target = Target::branch;
    int else_count = 0;
    Templates discarded;
    while (!s.empty()) {
      const RawToken& inner = s.take();
      if (is_tag(inner, u"elsif")) {
        if (else_count > 0) {
          target = Target::discard;
          continue;
        }
        Tokenizer itz = tag_tokenizer(inner);
        Branch b;
        b.condition = itz.read_filtered_value();
        if (itz.failed()) return adopt(itz, tok);
        t.branches.push_back(std::move(b));
        target = Target::branch;
        continue;
      }
      if (is_tag(inner, u"else")) {
        ++else_count;
        target = Target::otherwise;
        continue;
      }
      if (is_tag(inner, u"endunless")) return true;
      Templates parsed;
      if (!parse_token(s, inner, parsed)) return false;
      if (target == Target::branch) {
        for (Template& p : parsed) t.branches.back().body.push_back(std::move(p));
      } else if (target == Target::otherwise && else_count == 1) {
        for (Template& p : parsed) t.body.push_back(std::move(p));
      }
    }
    return not_closed(tok);
  }
};

}  // namespace

std::optional<Templates> parse_template(std::u16string_view source, Failure& error) {
  std::vector<RawToken> tokens;
  Tokenizer tz(source, 0, source.size());
  tz.read_top_level_tokens(tokens);
  if (tz.failed()) {
    error = *tz.error;
    return std::nullopt;
  }
  Parser parser(source);
  Parser::Stream stream{&tokens};
  Templates out;
  if (!parser.parse_tokens(stream, out)) {
    error = *parser.error;
    return std::nullopt;
  }
  return out;
}

}  // namespace mapcheck::liquid
