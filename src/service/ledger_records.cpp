#include "service/ledger_records.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/connectivity_checks.hpp"

namespace lw::service {
namespace {

ledger::Entry entry_of(std::string type, std::string id, std::string uploader, Instant received_at,
                       boost::json::object record) {
  ledger::Entry e;
  e.record_type = std::move(type);
  e.record_id = std::move(id);
  e.uploader = std::move(uploader);
  e.received_at = received_at;
  e.record = std::move(record);
  return e;
}

Result<std::optional<ledger::Entry>> rebuild_connectivity(storage::Connection& conn,
                                                          const storage::LedgerLeaf& leaf) {
  char* end = nullptr;
  const long long id = std::strtoll(leaf.record_id.c_str(), &end, 10);
  if (leaf.record_id.empty() || *end != '\0') {
    return std::optional<ledger::Entry>{};
  }
  const domain::Scope every{domain::Scope::Kind::everything, {}, true};
  auto found = storage::find_connectivity_check(conn, every, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return std::optional<ledger::Entry>{};
  }
  Caller sender;
  sender.actor = leaf.uploader;
  return std::optional(connectivity_entry(**found, sender));
}

Result<std::optional<ledger::Entry>> rebuild_blob_upload(storage::Connection& conn,
                                                         const storage::LedgerLeaf& leaf) {
  const auto colon = leaf.record_id.find(':');
  if (colon == std::string::npos) {
    return std::optional<ledger::Entry>{};
  }
  const std::string sha256 = leaf.record_id.substr(0, colon);
  const storage::BlobHolder holder{leaf.lab_code, leaf.record_id.substr(colon + 1)};
  auto since = storage::blob_holder_since(conn, sha256, holder);
  if (!since) {
    return std::move(since).error();
  }
  auto blob = storage::find_blob_record(conn, sha256);
  if (!blob) {
    return std::move(blob).error();
  }
  if (!*since || !*blob) {
    return std::optional<ledger::Entry>{};
  }
  return std::optional(blob_upload_entry(**blob, holder.lab_code, holder.holder, **since));
}

ledger::Entry lab_entry(const storage::LabVersion& v) {
  boost::json::object record{{"lab_code", v.lab.lab_code},
                             {"name", v.lab.name},
                             {"region_code", v.lab.region_code},
                             {"sandbox", v.lab.sandbox},
                             {"reason", v.reason}};
  if (v.entry_format >= 2) {
    // The registered facts (issue 5): the lab's public business facts, as on its licence and
    // certificate, no private person's data.
    record["credit_code"] = v.lab.credit_code;
    record["credit_override"] =
        v.lab.credit_override ? boost::json::value(*v.lab.credit_override) : nullptr;
    record["address"] = v.lab.address;
    record["contact_name"] = v.lab.contact_name;
    record["contact_phone"] = v.lab.contact_phone;
    record["technical_lead"] = v.lab.technical_lead;
    record["home_region_code"] = v.lab.home_region_code;
  }
  if (v.approval) {
    record["approval"] = approval_json(*v.approval);
  }
  return entry_of(kLabType, v.lab.lab_code, v.changed_by, v.changed_at, std::move(record));
}

Result<std::optional<ledger::Entry>> rebuild_lab(storage::Connection& conn,
                                                 const storage::LedgerLeaf& leaf) {
  auto found = storage::find_lab_version(conn, leaf.record_id, leaf.version);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return std::optional<ledger::Entry>{};
  }
  return std::optional(lab_entry(**found));
}

Result<std::optional<ledger::Entry>> rebuild_registry(storage::Connection& conn,
                                                      const storage::LedgerLeaf& leaf) {
  auto found = storage::find_registry_version(conn, leaf.record_type, leaf.record_id, leaf.version);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return std::optional<ledger::Entry>{};
  }
  boost::system::error_code ec;
  const auto record = boost::json::parse((*found)->record_json, ec);
  if (ec || !record.is_object()) {
    // Not what the platform wrote: the rebuilt entry must differ from the leaf.
    return std::optional(entry_of(leaf.record_type, leaf.record_id, (*found)->changed_by,
                                  (*found)->changed_at, {{"unreadable", (*found)->record_json}}));
  }
  return std::optional(entry_of(leaf.record_type, leaf.record_id, (*found)->changed_by,
                                (*found)->changed_at, record.as_object()));
}

}  // namespace

Result<LeafRef> record_registry_version(storage::Connection& conn, Ledger& ledger,
                                        RegistryChange change, Ledger::Previous previous) {
  storage::RegistryVersion row{change.record_type,
                               change.record_id,
                               1,
                               change.lab_code,
                               boost::json::serialize(change.record),
                               change.changed_by,
                               change.changed_at};
  auto leaf = ledger.append(
      conn,
      entry_of(std::move(change.record_type), std::move(change.record_id),
               std::move(change.changed_by), change.changed_at, std::move(change.record)),
      change.lab_code, false, previous);
  if (!leaf) {
    return std::move(leaf).error();
  }
  row.version = leaf->entry.version;
  LW_TRY(storage::insert_registry_version(conn, row));
  return leaf;
}

Result<LeafRef> record_lab_version(storage::Connection& conn, Ledger& ledger,
                                   storage::LabVersion version) {
  auto leaf = ledger.append(conn, lab_entry(version), version.lab.lab_code, false);
  if (!leaf) {
    return std::move(leaf).error();
  }
  version.version = leaf->entry.version;
  LW_TRY(storage::insert_lab_version(conn, version));
  return leaf;
}

boost::json::object approval_json(const domain::Approval& a) {
  return {{"request", a.request_id},
          {"approved_by", a.approved_by},
          {"approved_at", ledger::ledger_time(a.approved_at)},
          {"note", a.note}};
}

std::string blob_upload_id(const std::string& sha256, const std::string& holder) {
  return sha256 + ":" + holder;
}

ledger::Entry connectivity_entry(const domain::ConnectivityCheck& c, const Caller& caller) {
  boost::json::object record{{"lab_code", c.lab_code},
                             {"message", c.message},
                             {"sandbox", c.sandbox},
                             {"client_time", nullptr}};
  if (c.client_time) {
    record["client_time"] = format_utc(*c.client_time);
  }
  return entry_of(kConnectivityCheckType, std::to_string(c.id), caller.actor, c.received_at,
                  std::move(record));
}

ledger::Entry blob_upload_entry(const storage::BlobRecord& blob, const std::string& lab_code,
                                const std::string& holder, Instant received_at) {
  boost::json::object record{{"sha256", blob.sha256},
                             {"size", blob.size},
                             {"media_type", blob.media_type},
                             {"lab_code", lab_code}};
  return entry_of(kBlobUploadType, blob_upload_id(blob.sha256, holder), holder, received_at,
                  std::move(record));
}

Result<std::optional<ledger::Entry>> rebuild_entry(storage::Connection& conn,
                                                   const storage::LedgerLeaf& leaf) {
  Result<std::optional<ledger::Entry>> rebuilt = std::optional<ledger::Entry>{};
  if (leaf.record_type == kConnectivityCheckType) {
    rebuilt = rebuild_connectivity(conn, leaf);
  } else if (leaf.record_type == kBlobUploadType) {
    rebuilt = rebuild_blob_upload(conn, leaf);
  } else if (leaf.record_type == kLabType) {
    rebuilt = rebuild_lab(conn, leaf);
  } else {
    rebuilt = rebuild_registry(conn, leaf);
  }
  if (rebuilt && *rebuilt) {
    // The version chain is the ledger's own; the record tables do not repeat it.
    (*rebuilt)->version = leaf.version;
    (*rebuilt)->prev = leaf.prev;
  }
  return rebuilt;
}

Result<std::optional<LeafRef>> latest_leaf_of(storage::Connection& conn,
                                              const std::string& record_type,
                                              const std::string& record_id) {
  auto leaf = storage::latest_ledger_leaf(conn, record_type, record_id);
  if (!leaf) {
    return std::move(leaf).error();
  }
  if (!*leaf) {
    return std::optional<LeafRef>{};
  }
  auto entry = rebuild_entry(conn, **leaf);
  if (!entry) {
    return std::move(entry).error();
  }
  if (!*entry) {
    return Error(std::string(errc::internal), record_type + " " + record_id + " is gone");
  }
  return std::optional(LeafRef{(*leaf)->index, (*leaf)->leaf_hash, std::move(**entry)});
}

}  // namespace lw::service
