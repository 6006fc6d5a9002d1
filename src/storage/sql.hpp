#pragma once
// The storage contract's lowest layer: a connection that runs portable SQL with $1..$n
// parameters on either engine. Repositories are written once against it; the two adapters
// (sqlite/, postgres/) differ only below this line. Conventions that keep SQL portable are in
// docs/storage.md (integers for times and flags, TEXT, BLOB/BYTEA via Bytes, RETURNING).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace lw::storage {

enum class Engine { sqlite, postgresql };
std::string_view engine_name(Engine e);

/// Text parameters must be well-formed UTF-8 without NUL: PostgreSQL cannot store anything else
/// in text, and both adapters refuse it (invalid_argument, check_text_param) rather than store
/// a shorter or different string — whatever part of a request it came from.
/// Binary data (BLOB in SQLite, BYTEA in PostgreSQL).
struct Bytes {
  std::string data;
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Bytes>;

/// One result row; columns are addressed by position as selected.
class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  std::size_t size() const { return cols_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t int64(std::size_t i) const;  // 0 for NULL
  double real(std::size_t i) const;
  std::string text(std::size_t i) const;   // "" for NULL
  std::string bytes(std::size_t i) const;  // raw bytes of a Bytes column

 private:
  std::vector<Value> cols_;
};

using Rows = std::vector<Row>;
using Params = std::span<const Value>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  /// Runs one statement and returns its rows (none for statements without RETURNING).
  virtual Result<Rows> query(std::string_view sql, Params params = {}) = 0;
  /// Runs one statement; returns the number of rows it changed.
  virtual Result<std::int64_t> exec(std::string_view sql, Params params = {}) = 0;
  /// Runs a script of several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;
  /// False once the connection is lost; such a connection is not pooled again.
  virtual bool usable() const = 0;
  /// True inside a transaction that a failed statement has aborted (PostgreSQL: every later
  /// statement fails until a rollback; SQLite never enters this state).
  virtual bool transaction_failed() const = 0;
};

using ConnectionPtr = std::unique_ptr<Connection>;

/// invalid_argument unless text parameter number `number` (1-based) is UTF-8 without NUL.
Status check_text_param(std::size_t number, std::string_view text);

/// Shorthand for building parameter lists: query(sql, params({a, b})).
inline std::vector<Value> params(std::initializer_list<Value> values) {
  return values;
}

}  // namespace lw::storage
