#include "http/router.hpp"

#include <algorithm>

namespace lw::http {
namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, BodyMode body) {
  Route r{std::move(method), std::move(pattern), std::move(handler), body, {}};
  r.segments = split(r.pattern);
  routes_.push_back(std::move(r));
}

void Router::set_fallback(Handler handler) {
  fallback_ = Route{"GET", "/*", std::move(handler), BodyMode::buffered, {}};
}

Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  if (path.empty() || path.front() != '/') {
    return m;
  }
  const auto segs = split(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) {
      continue;
    }
    std::map<std::string, std::string, std::less<>> params;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      if (is_param(r.segments[i])) {
        ok = !segs[i].empty();
        params[r.segments[i].substr(1, r.segments[i].size() - 2)] = segs[i];
      } else {
        ok = r.segments[i] == segs[i];
      }
    }
    if (!ok) {
      continue;
    }
    const bool head_as_get = method == "HEAD" && r.method == "GET";
    if (r.method == method || head_as_get) {
      m.route = &r;
      m.status = 200;
      m.params = std::move(params);
      return m;
    }
    m.status = 405;
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end()) {
      m.allowed.push_back(r.method);
    }
  }
  if (m.status == 404 && fallback_ && (method == "GET" || method == "HEAD")) {
    m.route = &*fallback_;
    m.status = 200;
  }
  return m;
}

}  // namespace lw::http
