#pragma once
// What the demo loaders share: acting as a demo account, reading a demo asset, running a use
// case to its end at start-up.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "core/task.hpp"
#include "identity/access.hpp"
#include "identity/store.hpp"
#include "service/auditor.hpp"
#include "service/commit.hpp"

namespace lw::app {

// The demo's projects and labs (demo_projects.cpp, demo_labs.cpp).
inline constexpr char kJjProject[] = "360402-2026-0001";
inline constexpr char kJlProject[] = "220102-2026-0001";
inline constexpr char kJjLab[] = "360402-0001";
inline constexpr char kJlLab[] = "220102-0001";

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

/// The demo accounts named, by login; none when one is missing (no demo dataset to build on).
inline Result<std::optional<std::map<std::string, identity::Principal>>> demo_accounts(
    storage::Connection& conn, std::initializer_list<const char*> logins) {
  std::map<std::string, identity::Principal> who;
  for (const char* login : logins) {
    auto u = identity::find_user_by_login(conn, login);
    if (!u) {
      return std::move(u).error();
    }
    if (!*u) {
      return std::optional<std::map<std::string, identity::Principal>>{};
    }
    who[login] = principal(**u);
  }
  return std::optional(std::move(who));
}

/// The id of the demo project `code`; none when it is missing.
inline Result<std::optional<std::int64_t>> demo_project_id(storage::Connection& conn,
                                                           std::string_view code) {
  auto rows =
      conn.query("SELECT id FROM projects WHERE code = $1", storage::params({std::string(code)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->empty() ? std::nullopt : std::optional(rows->front().int64(0));
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
