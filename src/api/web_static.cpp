// The web pages: files of the built SPA, index.html for client-side routes, long caching for
// content-hashed assets.
#include <array>
#include <filesystem>

#include "api/routes.hpp"

namespace lw::api {
namespace fs = std::filesystem;
namespace {

std::string_view media_type_of(const fs::path& p) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".yaml", "application/yaml; charset=utf-8"},
  }};
  const std::string ext = p.extension().string();
  for (const auto& [e, t] : kTypes) {
    if (e == ext) {
      return t;
    }
  }
  return "application/octet-stream";
}

// True for a path that stays inside the web root: no "..", no empty or hidden segments.
bool safe(std::string_view path) {
  std::size_t start = 1;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    auto seg = path.substr(start, end - start);
    if (seg.starts_with('.') || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

http::Response file(const fs::path& p, bool immutable) {
  http::Response res;
  res.file_path = p.string();
  res.set_header("Content-Type", std::string(media_type_of(p)));
  res.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace

http::Handler web_static(fs::path root) {
  return [root = std::move(root)](http::Request& req) -> Task<http::Response> {
    const std::string_view path = req.path;
    const bool api_like = path.starts_with("/api/");
    std::error_code ec;
    if (!api_like && safe(path) && path != "/") {
      const fs::path candidate = root / fs::path(path.substr(1));
      if (fs::is_regular_file(candidate, ec)) {
        co_return file(candidate, path.starts_with("/assets/"));
      }
    }
    // Client-side routes get the app; missing files (a name with a dot) and API paths do not.
    const auto last = path.substr(path.rfind('/') + 1);
    const fs::path index = root / "index.html";
    if (!api_like && last.find('.') == std::string_view::npos && fs::is_regular_file(index, ec)) {
      co_return file(index, false);
    }
    co_return http::Response::error(req,
                                    Error(std::string(errc::not_found), "no such page or file"));
  };
}

}  // namespace lw::api
