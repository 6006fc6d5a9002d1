// Components marked by the contractor with unique ids (构件唯一性标识, JL-2.4): registered per
// project, each code once; on-site tests and their photos name them.
#include "onsite/internal.hpp"
#include "service/commit.hpp"
#include "storage/projects.hpp"

namespace lw::onsite {
namespace {

bool code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/' || c == '.';
}

}  // namespace

bool valid_component_code(std::string_view code) {
  return !code.empty() && code.size() <= 64 &&
         std::all_of(code.begin(), code.end(), [](char c) { return code_char(c); });
}

Result<domain::Project> visible_project(storage::Connection& conn, const domain::Scope& scope,
                                        std::int64_t project_id) {
  auto project = storage::find_project(conn, scope, project_id);
  if (!project) {
    return std::move(project).error();
  }
  if (!*project) {
    return Error(std::string(errc::not_found), "no project " + std::to_string(project_id));
  }
  return std::move(**project);
}

Task<Result<service::Receipted<storage::Component>>> OnsiteTests::register_component(
    const domain::Scope& scope, NewComponent input, const service::Caller& caller) {
  if (!valid_component_code(input.code)) {
    co_return field_error("code", "1-64 of A-Z a-z 0-9 - _ / .");
  }
  if (input.name.empty() || input.name.size() > 200) {
    co_return field_error("name", "1 to 200 bytes");
  }
  if (input.part.size() > 200) {
    co_return field_error("part", "at most 200 bytes");
  }
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    if (auto project = visible_project(**conn, scope, input.project_id); !project) {
      co_return std::move(project).error();
    }
  }
  const Instant now = clock_.now();
  storage::Component c{0,
                       input.project_id,
                       std::move(input.code),
                       std::move(input.name),
                       std::move(input.part),
                       caller.actor,
                       now};
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_component(conn, c);
    if (!id) {
      return std::move(id).error();
    }
    if (!*id) {
      return Error(std::string(errc::conflict), "component " + c.code + " is registered",
                   {{"fields", {{"code", "exists"}}}});
    }
    c.id = **id;
    std::vector<storage::Violation> none;
    auto version = record_version(conn, ledger_, auditor_, caller, now, kComponentType, c.id, "",
                                  {{"project_id", c.project_id},
                                   {"code", c.code},
                                   {"name", c.name},
                                   {"part", c.part},
                                   {"reason", "component registered 构件登记"}},
                                  "component.register", none);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<storage::Component>{std::move(c), std::move(leaf)};
}

Result<storage::Paged<storage::Component>> OnsiteTests::list_components(const domain::Scope& scope,
                                                                        std::int64_t project_id,
                                                                        const std::string& q,
                                                                        const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  // A lab sees the components of the projects it tests on site (its capture page lists them).
  if (scope.kind == domain::Scope::Kind::lab) {
    storage::BatchFilter mine;
    mine.project_id = project_id;
    mine.lab_code = scope.code;
    auto batches = storage::list_batches(**conn, scope, mine, storage::Page{0, 1});
    if (!batches) {
      return std::move(batches).error();
    }
    if (batches->total == 0) {
      return Error(std::string(errc::not_found), "no project " + std::to_string(project_id));
    }
  } else if (auto project = visible_project(**conn, scope, project_id); !project) {
    return std::move(project).error();
  }
  return storage::list_components(**conn, project_id, q, page);
}

}  // namespace lw::onsite
