#pragma once
// What the demo loaders share: acting as a demo account, reading a demo asset, running a use
// case to its end at start-up.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "core/task.hpp"
#include "identity/access.hpp"
#include "service/auditor.hpp"
#include "service/commit.hpp"

namespace lw::app {

inline identity::Principal principal(const identity::User& u) {
  identity::Principal p;
  p.user_id = u.id;
  p.login = u.login;
  p.display_name = u.display_name;
  p.role = u.role;
  p.region_code = u.region_code;
  p.lab_code = u.lab_code;
  return p;
}

inline service::Caller caller_of(const identity::Principal& p) {
  service::Caller c;
  c.actor = p.login;
  c.role = std::string(identity::role_name(p.role));
  return c;
}

inline std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs a use case to its end; its value, or its error.
template <class T>
Result<T> finish(Task<Result<T>> task) {
  std::optional<Result<T>> out;
  auto run = [&]() -> Task<void> { out.emplace(co_await std::move(task)); };
  service::run_to_end(run());
  return std::move(*out);
}

}  // namespace lw::app
