#include "storage/labs.hpp"

#include <algorithm>
#include <string>

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kLabColumns =
    "lab_code, name, region_code, sandbox, created_at, credit_code, credit_override, address,"
    " contact_name, contact_phone, technical_lead, home_region_code";
constexpr int kColumnCount = 12;

std::optional<std::string> opt_text(const Row& r, int i) {
  return r.is_null(i) ? std::nullopt : std::optional(r.text(i));
}
Value opt_value(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(nullptr);
}

/// A lab from kLabColumns starting at column `at`.
domain::Lab lab_from_row(const Row& r, int at = 0) {
  domain::Lab lab{r.text(at), r.text(at + 1), r.text(at + 2), r.int64(at + 3) != 0,
                  from_micros(r.int64(at + 4))};
  lab.credit_code = r.text(at + 5);
  lab.credit_override = opt_text(r, at + 6);
  lab.address = r.text(at + 7);
  lab.contact_name = r.text(at + 8);
  lab.contact_phone = r.text(at + 9);
  lab.technical_lead = r.text(at + 10);
  lab.home_region_code = r.text(at + 11);
  return lab;
}

std::string prefixed(std::string_view prefix) {
  std::string out;
  std::string_view rest = kLabColumns;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto col = rest.substr(0, comma);
    while (!col.empty() && col.front() == ' ') {
      col.remove_prefix(1);
    }
    out += (out.empty() ? "" : ", ") + std::string(prefix) + std::string(col);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return out;
}

// API keys in force at $1, the latest record under one of the lab's keys and its latest
// connectivity check: the facts of its connection status.
constexpr std::string_view kConnectionColumns =
    "(SELECT COUNT(*) FROM lab_api_keys k WHERE k.lab_code = l.lab_code"
    "  AND (k.revoked_at IS NULL OR k.revoked_at > $1)) AS active_keys,"
    " (SELECT MAX(g.received_at) FROM lab_api_keys k2 JOIN ledger_leaves g"
    "  ON g.uploader = k2.key_id WHERE k2.lab_code = l.lab_code) AS last_leaf,"
    " (SELECT MAX(c.received_at) FROM connectivity_checks c WHERE c.lab_code = l.lab_code)"
    " AS last_check";

LabListing listing_from_row(const Row& r) {
  LabListing out{lab_from_row(r), r.int64(kColumnCount), {}};
  for (int i : {kColumnCount + 1, kColumnCount + 2}) {
    if (!r.is_null(i) && (!out.last_sent || from_micros(r.int64(i)) > *out.last_sent)) {
      out.last_sent = from_micros(r.int64(i));
    }
  }
  return out;
}

}  // namespace

Status insert_lab_version(Connection& conn, const LabVersion& v) {
  Value request = nullptr;
  Value approved_by = nullptr;
  Value approved_at = nullptr;
  Value note = nullptr;
  if (v.approval) {
    request = v.approval->request_id;
    approved_by = v.approval->approved_by;
    approved_at = to_micros(v.approval->approved_at);
    note = v.approval->note;
  }
  LW_TRY(conn.exec(
      "INSERT INTO lab_versions (lab_code, version, name, region_code, sandbox, changed_by,"
      " changed_at, reason, change_request, approved_by, approved_at, approval_note,"
      " entry_format, credit_code, credit_override, address, contact_name, contact_phone,"
      " technical_lead, home_region_code)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
      " $18, $19, $20)",
      params({v.lab.lab_code,
              v.version,
              v.lab.name,
              v.lab.region_code,
              std::int64_t{v.lab.sandbox ? 1 : 0},
              v.changed_by,
              to_micros(v.changed_at),
              v.reason,
              request,
              approved_by,
              approved_at,
              note,
              std::int64_t{v.entry_format},
              v.lab.credit_code,
              opt_value(v.lab.credit_override),
              v.lab.address,
              v.lab.contact_name,
              v.lab.contact_phone,
              v.lab.technical_lead,
              v.lab.home_region_code})));
  return {};
}

Result<std::optional<LabVersion>> find_lab_version(Connection& conn, const std::string& lab_code,
                                                   std::int64_t version) {
  auto rows = conn.query(
      "SELECT lab_code, name, region_code, sandbox, changed_at, credit_code, credit_override,"
      " address, contact_name, contact_phone, technical_lead, home_region_code, version,"
      " changed_by, reason, change_request, approved_by, approved_at, approval_note, entry_format"
      " FROM lab_versions WHERE lab_code = $1 AND version = $2",
      params({lab_code, version}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<LabVersion>{};
  }
  const Row& r = rows->front();
  LabVersion v{lab_from_row(r),
               r.int64(12),
               r.text(13),
               from_micros(r.int64(4)),
               r.text(14),
               {},
               static_cast<int>(r.int64(19))};
  if (!r.is_null(15)) {
    v.approval = domain::Approval{r.int64(15), r.text(16), from_micros(r.int64(17)), r.text(18)};
  }
  return std::optional(std::move(v));
}

Result<bool> insert_lab(Connection& conn, const domain::Lab& lab) {
  auto rows =
      conn.query("INSERT INTO labs (" + std::string(kLabColumns) +
                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                     " ON CONFLICT (lab_code) DO NOTHING RETURNING lab_code",
                 params({lab.lab_code, lab.name, lab.region_code, std::int64_t{lab.sandbox ? 1 : 0},
                         to_micros(lab.created_at), lab.credit_code, opt_value(lab.credit_override),
                         lab.address, lab.contact_name, lab.contact_phone, lab.technical_lead,
                         lab.home_region_code}));
  if (!rows) {
    return std::move(rows).error();
  }
  return !rows->empty();
}

Result<std::optional<domain::Lab>> find_lab(Connection& conn, const domain::Scope& scope,
                                            const std::string& lab_code) {
  std::vector<Value> p{lab_code};
  const std::string where = scope_condition(scope, "lab_code", "", p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kLabColumns) +
                             " FROM labs WHERE lab_code = $1 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::Lab>{};
  }
  return std::optional(lab_from_row(rows->front()));
}

Result<Paged<LabListing>> list_labs(Connection& conn, const domain::Scope& scope,
                                    const LabFilter& filter, Instant now) {
  std::vector<Value> p{to_micros(now)};
  std::string where = scope_condition(scope, "l.lab_code", "", p);
  where += " AND " + contains_condition(filter.q, {"l.lab_code", "l.name", "l.credit_code"}, p);
  if (!filter.region.empty()) {
    p.emplace_back(domain::region_prefix(filter.region) + "%");
    where += " AND l.region_code LIKE $" + std::to_string(p.size());
  }
  const std::string inner = "SELECT " + prefixed("l.") + ", " + std::string(kConnectionColumns) +
                            " FROM labs l WHERE " + where;
  std::string status = "1 = 1";
  if (filter.status == "connected" || filter.status == "keys_only") {
    // Sent something since the start of the window.
    p.emplace_back(to_micros(now - domain::kConnectedWindow));
    const std::string cut = "$" + std::to_string(p.size());
    const std::string recent =
        "(COALESCE(x.last_leaf, 0) >= " + cut + " OR COALESCE(x.last_check, 0) >= " + cut + ")";
    status =
        "x.active_keys > 0 AND " + std::string(filter.status == "connected" ? "" : "NOT ") + recent;
  } else if (filter.status == "not_connected") {
    status = "x.active_keys = 0";
  }
  const std::string from = " FROM (" + inner + ") x WHERE " + status;
  auto total = conn.query("SELECT COUNT(*)" + from, p);
  if (!total) {
    return std::move(total).error();
  }
  const std::string page = page_clause(filter.page, p);
  auto rows = conn.query("SELECT *" + from + " ORDER BY x.lab_code" + page, p);
  if (!rows) {
    return std::move(rows).error();
  }
  Paged<LabListing> out;
  out.total = total->front().int64(0);
  out.items.reserve(rows->size());
  for (const auto& r : *rows) {
    out.items.push_back(listing_from_row(r));
  }
  return out;
}

Result<std::optional<LabListing>> find_lab_listing(Connection& conn, const domain::Scope& scope,
                                                   const std::string& lab_code, Instant now) {
  std::vector<Value> p{to_micros(now), lab_code};
  const std::string where = scope_condition(scope, "l.lab_code", "", p);
  auto rows = conn.query("SELECT " + prefixed("l.") + ", " + std::string(kConnectionColumns) +
                             " FROM labs l WHERE l.lab_code = $2 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<LabListing>{};
  }
  return std::optional(listing_from_row(rows->front()));
}

Result<std::string> allocate_lab_code(Connection& conn, const std::string& region_code) {
  // The highest sequence in use in the region, counted or not (labs inserted with fixed codes).
  auto used =
      conn.query("SELECT lab_code FROM labs WHERE lab_code LIKE $1 ORDER BY lab_code DESC LIMIT 1",
                 params({region_code + "-____"}));
  if (!used) {
    return std::move(used).error();
  }
  auto counted = conn.query("SELECT last_seq FROM lab_code_counters WHERE region_code = $1",
                            params({region_code}));
  if (!counted) {
    return std::move(counted).error();
  }
  std::int64_t last = counted->empty() ? 0 : counted->front().int64(0);
  if (!used->empty() && domain::is_unified_lab_code(used->front().text(0))) {
    last = std::max<std::int64_t>(last, std::stoll(used->front().text(0).substr(7)));
  }
  if (last >= domain::kMaxLabSequence) {
    return Error(std::string(errc::conflict),
                 "region " + region_code + " has used every lab sequence",
                 {{"fields", {{"region_code", "no sequence left"}}}});
  }
  const std::int64_t next = last + 1;
  LW_TRY(
      conn.exec("INSERT INTO lab_code_counters (region_code, last_seq) VALUES ($1, $2)"
                " ON CONFLICT (region_code) DO UPDATE SET last_seq = excluded.last_seq",
                params({region_code, next})));
  return domain::unified_lab_code(region_code, static_cast<int>(next));
}

Status update_lab(Connection& conn, const domain::Lab& lab) {
  LW_TRY(conn.exec(
      "UPDATE labs SET name = $2, region_code = $3, credit_code = $4, credit_override = $5,"
      " address = $6, contact_name = $7, contact_phone = $8, technical_lead = $9,"
      " home_region_code = $10 WHERE lab_code = $1",
      params({lab.lab_code, lab.name, lab.region_code, lab.credit_code,
              opt_value(lab.credit_override), lab.address, lab.contact_name, lab.contact_phone,
              lab.technical_lead, lab.home_region_code})));
  return {};
}

Result<bool> set_lab_sandbox(Connection& conn, const std::string& lab_code, bool sandbox) {
  auto n = conn.exec("UPDATE labs SET sandbox = $1 WHERE lab_code = $2",
                     params({std::int64_t{sandbox ? 1 : 0}, lab_code}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Result<bool> lab_in_sandbox(Connection& conn, const std::string& lab_code) {
  auto rows = conn.query("SELECT sandbox FROM labs WHERE lab_code = $1", params({lab_code}));
  if (!rows) {
    return std::move(rows).error();
  }
  return !rows->empty() && rows->front().int64(0) != 0;
}

}  // namespace lw::storage
