#include "ledger/canonical_json.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include "core/text.hpp"

namespace lw::ledger {
namespace {

namespace json = boost::json;

Error refused(const std::string& pointer, std::string_view reason) {
  boost::json::object fields;
  fields[pointer] = reason;
  return Error(std::string(errc::invalid_argument),
               "canonical JSON refuses the value at " +
                   (pointer.empty() ? std::string("the root") : "'" + pointer + "'") + ": " +
                   std::string(reason),
               {{"fields", std::move(fields)}});
}

// The code points of well-formed UTF-8 (checked before), as UTF-16 code units.
std::u16string utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    std::size_t len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b < 0xe0) {
      cp = b & 0x1fU;
      len = 2;
    } else if (b < 0xf0) {
      cp = b & 0x0fU;
      len = 3;
    } else {
      cp = b & 0x07U;
      len = 4;
    }
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fU);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

Status write(std::string& out, const json::value& v, const std::string& pointer) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return {};
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return {};
    case json::kind::int64: {
      const std::int64_t n = v.get_int64();
      if (n > kMaxSafeInteger || n < -kMaxSafeInteger) {
        return refused(pointer, "an integer beyond ±(2^53 − 1)");
      }
      out += std::to_string(n);
      return {};
    }
    case json::kind::uint64: {
      const std::uint64_t n = v.get_uint64();
      if (n > static_cast<std::uint64_t>(kMaxSafeInteger)) {
        return refused(pointer, "an integer beyond ±(2^53 − 1)");
      }
      out += std::to_string(n);
      return {};
    }
    case json::kind::double_:
      return refused(pointer, "a number with a fraction or exponent (use a decimal string)");
    case json::kind::string: {
      const json::string& s = v.get_string();
      if (!valid_utf8(s)) {
        return refused(pointer, "a string that is not well-formed UTF-8");
      }
      append_string(out, s);
      return {};
    }
    case json::kind::array: {
      out.push_back('[');
      const json::array& a = v.get_array();
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i != 0) {
          out.push_back(',');
        }
        LW_TRY(write(out, a[i], pointer + "/" + std::to_string(i)));
      }
      out.push_back(']');
      return {};
    }
    case json::kind::object: {
      const json::object& o = v.get_object();
      std::vector<std::pair<std::u16string, const json::key_value_pair*>> members;
      members.reserve(o.size());
      for (const json::key_value_pair& kv : o) {
        if (!valid_utf8(kv.key())) {
          return refused(json_pointer_append(pointer, kv.key()),
                         "a member name that is not well-formed UTF-8");
        }
        members.emplace_back(utf16(kv.key()), &kv);
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i != 0) {
          out.push_back(',');
        }
        const json::key_value_pair& kv = *members[i].second;
        append_string(out, kv.key());
        out.push_back(':');
        LW_TRY(write(out, kv.value(), json_pointer_append(pointer, kv.key())));
      }
      out.push_back('}');
      return {};
    }
  }
  return refused(pointer, "an unknown kind of value");
}

// A boost::json::basic_parser handler that builds nothing and stops at the first member name
// repeated within one object.
class DuplicateFinder {
 public:
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  bool on_document_begin(json::error_code& /*ec*/) { return true; }
  bool on_document_end(json::error_code& /*ec*/) { return true; }
  bool on_array_begin(json::error_code& /*ec*/) { return open(false); }
  bool on_array_end(std::size_t /*n*/, json::error_code& /*ec*/) { return close(); }
  bool on_object_begin(json::error_code& /*ec*/) { return open(true); }
  bool on_object_end(std::size_t /*n*/, json::error_code& /*ec*/) { return close(); }
  bool on_string_part(json::string_view /*s*/, std::size_t /*n*/, json::error_code& /*ec*/) {
    return true;
  }
  bool on_string(json::string_view /*s*/, std::size_t /*n*/, json::error_code& /*ec*/) {
    return scalar();
  }
  bool on_key_part(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t /*n*/, json::error_code& ec) {
    key_.append(s.data(), s.size());
    Frame& f = frames_.back();
    if (!f.names.insert(key_).second) {
      duplicate_ = json_pointer_append(f.pointer, key_);
      ec = json::error::syntax;
      return false;
    }
    f.last = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_number_part(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }
  bool on_int64(std::int64_t /*i*/, json::string_view /*s*/, json::error_code& /*ec*/) {
    return scalar();
  }
  bool on_uint64(std::uint64_t /*u*/, json::string_view /*s*/, json::error_code& /*ec*/) {
    return scalar();
  }
  bool on_double(double /*d*/, json::string_view /*s*/, json::error_code& /*ec*/) {
    return scalar();
  }
  bool on_bool(bool /*b*/, json::error_code& /*ec*/) { return scalar(); }
  bool on_null(json::error_code& /*ec*/) { return scalar(); }
  bool on_comment_part(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }
  bool on_comment(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }

  /// The JSON Pointer of the first repeated member; empty when none was found.
  const std::string& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool object = false;
    std::string pointer;
    std::set<std::string> names;  // objects: the names seen so far
    std::string last;             // objects: the name of the member being parsed
    std::size_t count = 0;        // arrays: the elements parsed so far
  };

  std::string child_pointer() const {
    if (frames_.empty()) {
      return {};
    }
    const Frame& f = frames_.back();
    return f.object ? json_pointer_append(f.pointer, f.last)
                    : f.pointer + "/" + std::to_string(f.count);
  }
  bool open(bool object) {
    Frame f;
    f.object = object;
    f.pointer = child_pointer();
    frames_.push_back(std::move(f));
    return true;
  }
  bool close() {
    frames_.pop_back();
    return scalar();
  }
  bool scalar() {
    if (!frames_.empty() && !frames_.back().object) {
      ++frames_.back().count;
    }
    return true;
  }

  std::vector<Frame> frames_;
  std::string key_;
  std::string duplicate_;
};

}  // namespace

std::string json_pointer_append(std::string_view parent, std::string_view name) {
  std::string out(parent);
  out.push_back('/');
  for (const char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<std::string> canonical_json(const boost::json::value& value) {
  std::string out;
  LW_TRY(write(out, value, ""));
  return out;
}

Result<boost::json::value> parse_json_strict(std::string_view text) {
  json::basic_parser<DuplicateFinder> finder{json::parse_options{}};
  json::error_code ec;
  finder.write_some(false, text.data(), text.size(), ec);
  if (!finder.handler().duplicate().empty()) {
    return Error(std::string(errc::invalid_json),
                 "member name repeated in one object: '" + finder.handler().duplicate() + "'",
                 {{"pointer", finder.handler().duplicate()}, {"reason", "duplicate member name"}});
  }
  json::value v = json::parse(text, ec);
  if (ec) {
    return Error(std::string(errc::invalid_json), "not JSON: " + ec.message(),
                 {{"reason", ec.message()}});
  }
  return v;
}

}  // namespace lw::ledger
