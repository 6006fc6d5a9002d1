#pragma once
// SQLite adapter: WAL journal, synchronous=FULL (a commit is on disk before it returns),
// foreign keys on, prepared statements cached per connection.
#include <string>

#include "storage/sql.hpp"

namespace lw::storage::sqlite {

/// Opens (creating when missing) the database file at `path`.
Result<ConnectionPtr> connect(const std::string& path);

}  // namespace lw::storage::sqlite
