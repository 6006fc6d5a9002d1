#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <cstring>
#include <map>
#include <memory>

namespace lw::storage::postgres {
namespace {

// Type OIDs from pg_type.h (stable across releases).
constexpr std::size_t kStatementCacheSize = 256;
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700,
              kFloat8 = 701;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

Error to_error(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string note = std::string(what) + ": " + PQerrorMessage(conn);
  if (PQstatus(conn) != CONNECTION_OK) {
    return Error(std::string(errc::storage_unavailable), std::move(note));
  }
  if (state && std::strncmp(state, "23", 2) == 0) {  // integrity constraint violation
    return Error(std::string(errc::conflict), std::move(note));
  }
  if (state && (std::strncmp(state, "08", 2) == 0 || std::strncmp(state, "53", 2) == 0 ||
                std::strncmp(state, "57", 2) == 0 || std::strncmp(state, "40", 2) == 0)) {
    return Error(std::string(errc::storage_unavailable), std::move(note));
  }
  return Error(std::string(errc::internal), std::move(note));
}

std::string unhex_bytea(const char* text) {
  std::size_t n = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Engine engine() const override { return Engine::postgresql; }
  bool usable() const override { return PQstatus(conn_) == CONNECTION_OK; }
  bool transaction_failed() const override { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

  Result<Rows> query(std::string_view sql, Params params) override {
    auto res = run(sql, params);
    if (!res) {
      return std::move(res).error();
    }
    PGresult* r = res->get();
    Rows rows;
    const int nrows = PQntuples(r);
    const int ncols = PQnfields(r);
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> cols;
      cols.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, i, c)) {
          cols.emplace_back(nullptr);
          continue;
        }
        const char* v = PQgetvalue(r, i, c);
        const int len = PQgetlength(r, i, c);
        switch (PQftype(r, c)) {
          case kInt2:
          case kInt4:
          case kInt8:
            cols.emplace_back(static_cast<std::int64_t>(std::strtoll(v, nullptr, 10)));
            break;
          case kFloat4:
          case kFloat8:
            cols.emplace_back(std::strtod(v, nullptr));
            break;
          case kBool:
            cols.emplace_back(static_cast<std::int64_t>(v[0] == 't' ? 1 : 0));
            break;
          case kBytea:
            cols.emplace_back(Bytes{unhex_bytea(v)});
            break;
          default:
            cols.emplace_back(std::string(v, static_cast<std::size_t>(len)));
        }
      }
      rows.emplace_back(std::move(cols));
    }
    return rows;
  }

  Result<std::int64_t> exec(std::string_view sql, Params params) override {
    auto res = run(sql, params);
    if (!res) {
      return std::move(res).error();
    }
    const char* n = PQcmdTuples(res->get());
    return static_cast<std::int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
  }

  Status exec_script(std::string_view sql) override {
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    const auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return to_error(conn_, res.get(), "script");
    }
    return {};
  }

 private:
  Result<PgResult> run(std::string_view sql, Params params) {
    const auto n = params.size();
    std::vector<std::string> text(n);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    std::vector<Oid> types(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Value& v = params[i];
      if (auto p = std::get_if<std::int64_t>(&v)) {
        text[i] = std::to_string(*p);  // typed by the server from context
      } else if (auto d = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        text[i] = buf;
      } else if (auto s = std::get_if<std::string>(&v)) {
        LW_TRY(check_text_param(i + 1, *s));  // libpq would cut the text at a NUL
        text[i] = *s;
      } else if (auto b = std::get_if<Bytes>(&v)) {
        text[i] = b->data;
        formats[i] = 1;
        types[i] = kBytea;
      } else {
        continue;  // NULL
      }
      values[i] = text[i].data();
      lengths[i] = static_cast<int>(text[i].size());
    }
    auto name = prepared(sql, types);
    if (!name) {
      return std::move(name).error();
    }
    PgResult res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(n), values.data(),
                                lengths.data(), formats.data(), 0));
    const auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return to_error(conn_, res.get(), "query");
    }
    return res;
  }

  // The name of `sql` prepared on this connection: parsed and planned once, not per call.
  Result<std::string> prepared(std::string_view sql, const std::vector<Oid>& types) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      return it->second;
    }
    if (statements_.size() >= kStatementCacheSize) {
      PgResult dealloc(PQexec(conn_, "DEALLOCATE ALL"));
      statements_.clear();
    }
    std::string name = "lw" + std::to_string(next_statement_++);
    PgResult res(PQprepare(conn_, name.c_str(), std::string(sql).c_str(),
                           static_cast<int>(types.size()), types.data()));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return to_error(conn_, res.get(), "prepare");
    }
    statements_.emplace(std::string(sql), name);
    return name;
  }

  PGconn* conn_;
  std::map<std::string, std::string, std::less<>> statements_;
  std::uint64_t next_statement_ = 0;
};

}  // namespace

Result<ConnectionPtr> connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string note = std::string("connect: ") + PQerrorMessage(conn);
    PQfinish(conn);
    return Error(std::string(errc::storage_unavailable), std::move(note));
  }
  auto c = std::make_unique<PgConnection>(conn);
  LW_TRY(c->exec_script(
      "SET synchronous_commit = on; SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8';"
      " SET client_min_messages = warning;"));
  return ConnectionPtr(std::move(c));
}

}  // namespace lw::storage::postgres
