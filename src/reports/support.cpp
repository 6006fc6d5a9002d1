// What the use cases of reports share: the ledger version, the public facts, digests of files
// and the figures of a lab test's record.
#include <fstream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "reports/internal.hpp"
#include "seal/seal.hpp"
#include "service/ledger_records.hpp"

namespace lw::reports {
namespace {

std::optional<double> figure(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v && v->is_string()) {
    try {
      return std::stod(std::string(v->as_string()));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

boost::json::object parsed(const std::string& json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  return !ec && v.is_object() ? std::move(v.as_object()) : boost::json::object{};
}

}  // namespace

Result<service::LeafRef> record_version(storage::Connection& conn, service::Ledger& ledger,
                                        const service::Auditor& auditor,
                                        const service::Caller& caller, Instant now,
                                        const storage::Report& r, const boost::json::object& record,
                                        std::string action) {
  const std::string record_id = std::to_string(r.id);
  auto leaf = service::record_registry_version(
      conn, ledger, {kReportType, record_id, r.lab_code, record, caller.actor, now});
  if (!leaf) {
    return std::move(leaf).error();
  }
  if (auto st = auditor.record(conn, caller, now, std::move(action),
                               std::string(kReportType) + "/" + record_id,
                               boost::json::serialize(boost::json::object{
                                   {"number", r.number}, {"version", leaf->entry.version}}));
      !st) {
    return std::move(st).error();
  }
  return leaf;
}

std::string public_json(const storage::Report& r, boost::json::object facts,
                        const std::string& supersedes) {
  facts["number"] = r.number;
  facts["status"] = r.status;
  facts["issued_at"] = format_utc(r.issued_at);
  facts["pdf"] = {{"sha256", r.pdf_sha256}, {"sm3", r.pdf_sm3}, {"stamped_sha256", ""}};
  facts["content_sm3"] = r.content_sm3;
  facts["key_id"] = r.key_id;
  facts["seal"] = r.seal;
  facts["supersedes"] =
      supersedes.empty() ? boost::json::value(nullptr) : boost::json::value(supersedes);
  facts["superseded_by"] = nullptr;
  facts["status_reason"] = "";
  facts["status_changed_at"] = nullptr;
  return boost::json::serialize(facts);
}

std::string with_status(const std::string& public_json, const std::string& status,
                        const std::string& superseded_by, const std::string& reason, Instant at) {
  auto o = parsed(public_json);
  o["status"] = status;
  o["superseded_by"] =
      superseded_by.empty() ? boost::json::value(nullptr) : boost::json::value(superseded_by);
  o["status_reason"] = reason;
  o["status_changed_at"] = format_utc(at);
  return boost::json::serialize(o);
}

std::string with_stamp(const std::string& public_json, const std::string& stamped_sha256) {
  auto o = parsed(public_json);
  if (auto* pdf = o.if_contains("pdf"); pdf && pdf->is_object()) {
    pdf->as_object()["stamped_sha256"] = stamped_sha256;
  }
  return boost::json::serialize(o);
}

Result<std::string> file_sm3(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Error(std::string(errc::storage_unavailable), "cannot read " + file.string());
  }
  crypto::Hasher h(crypto::HashAlg::sm3);
  std::string buf(1 << 16, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) {
    return Error(std::string(errc::storage_unavailable), "cannot read " + file.string());
  }
  return to_hex(h.finish());
}

domain::TestData recorded_results(const boost::json::object& record) {
  domain::TestData d;
  const auto* results = record.if_contains("results");
  if (!results || !results->is_object()) {
    return d;
  }
  const auto& r = results->as_object();
  if (const auto* specimens = r.if_contains("specimens"); specimens && specimens->is_array()) {
    for (const auto& s : specimens->as_array()) {
      if (!s.is_object()) {
        continue;
      }
      const auto& o = s.as_object();
      domain::SpecimenData sd;
      if (const auto* code = o.if_contains("label_code"); code && code->is_string()) {
        sd.label_code = std::string(code->as_string());
      }
      sd.strength_mpa = figure(o, "strength_mpa");
      sd.yield_strength_mpa = figure(o, "yield_strength_mpa");
      sd.elongation_percent = figure(o, "elongation_percent");
      d.specimens.push_back(std::move(sd));
    }
  }
  d.group_strength_mpa = figure(r, "group_strength_mpa");
  if (const auto* c = r.if_contains("conclusion"); c && c->is_string()) {
    d.conclusion = domain::parse_conclusion(c->as_string());
  }
  return d;
}

}  // namespace lw::reports
