#pragma once
// Routes by method and path pattern; `{name}` matches one path segment and is handed to the
// handler in Request::params. The route list is also what the API manual is checked against.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace lw::http {

enum class BodyMode {
  buffered,  // read whole, up to the JSON body limit
  streamed,  // handed to the handler as a ByteSource, up to the upload limit
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  BodyMode body = BodyMode::buffered;
  std::vector<std::string> segments;  // pattern split on '/'
};

struct Match {
  const Route* route = nullptr;  // null when nothing matched
  int status = 404;              // 404 no such path, 405 path exists with other methods
  std::map<std::string, std::string, std::less<>> params;
  std::vector<std::string> allowed;  // methods of the path, for 405's Allow header
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler,
           BodyMode body = BodyMode::buffered);
  /// Answers GET and HEAD requests that match no route (the web pages), as route "/*".
  void set_fallback(Handler handler);
  Match match(std::string_view method, std::string_view path) const;
  /// The API routes (the fallback is not one of them).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::optional<Route> fallback_;
};

}  // namespace lw::http
