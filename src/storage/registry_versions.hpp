#pragma once
// The versions of registry records other than labs (migration 0013, registry_versions): each
// change of an organisation, person, piece of equipment, project … is kept as the ledger
// entry's record it committed to, so every version can be shown and rebuilt.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct RegistryVersion {
  std::string record_type;
  std::string record_id;
  std::int64_t version = 1;
  std::string lab_code;     // the lab the record belongs to, "" for none
  std::string record_json;  // the ledger entry's record, serialized
  std::string changed_by;
  Instant changed_at{};
};

Status insert_registry_version(Connection& conn, const RegistryVersion& v);
Result<std::optional<RegistryVersion>> find_registry_version(Connection& conn,
                                                             const std::string& record_type,
                                                             const std::string& record_id,
                                                             std::int64_t version);

/// Every version of a record, oldest first.
Result<std::vector<RegistryVersion>> list_registry_versions(Connection& conn,
                                                            const std::string& record_type,
                                                            const std::string& record_id);

}  // namespace lw::storage
