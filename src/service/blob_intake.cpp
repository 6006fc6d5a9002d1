#include "service/blob_intake.hpp"

#include <vector>

#include "service/commit.hpp"
#include "service/ledger_records.hpp"

namespace lw::service {
namespace {

constexpr std::size_t kChunk = std::size_t{64} * 1024;

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
}

}  // namespace

bool valid_media_type(std::string_view mt) {
  mt = mt.substr(0, mt.find(';'));
  while (!mt.empty() && mt.back() == ' ') {
    mt.remove_suffix(1);
  }
  const auto slash = mt.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == mt.size() || mt.size() > 127) {
    return false;
  }
  for (std::size_t i = 0; i < mt.size(); ++i) {
    if (i != slash && !token_char(mt[i])) {
      return false;
    }
  }
  return true;
}

Task<Result<Receipted<storage::BlobRecord>>> BlobIntake::receive(ByteSource& body,
                                                                 std::string media_type,
                                                                 std::string lab_code,
                                                                 const Caller& caller) {
  if (!valid_media_type(media_type)) {
    co_return Error(std::string(errc::unsupported_media_type), "Content-Type must be type/subtype",
                    {{"field", "Content-Type"}});
  }
  const Instant received_at = clock_.now();
  auto writer = store_.begin();
  if (!writer) {
    co_return std::move(writer).error();
  }
  std::vector<char> buf(kChunk);
  for (;;) {
    auto n = co_await body.read(buf.data(), buf.size());
    if (!n) {
      co_return std::move(n).error();  // the writer's destructor discards the partial file
    }
    if (*n == 0) {
      break;
    }
    if (auto st = (*writer)->write(std::string_view(buf.data(), *n)); !st) {
      co_return std::move(st).error();
    }
  }
  auto ref = (*writer)->commit();
  if (!ref) {
    co_return std::move(ref).error();
  }
  storage::BlobRecord record{ref->sha256, static_cast<std::int64_t>(ref->size),
                             std::move(media_type), received_at};
  const storage::BlobHolder holder{std::move(lab_code), caller.actor};
  Receipted<storage::BlobRecord> out;
  storage::Writer::Job upsert = [&](storage::Connection& conn) -> Status {
    auto r = storage::upsert_blob_record(conn, record);
    if (!r) {
      return std::move(r).error();
    }
    out.record = std::move(*r);
    auto receipt = storage::add_blob_holder(conn, out.record.sha256, holder, received_at);
    if (!receipt) {
      return std::move(receipt).error();
    }
    out.record.received_at = receipt->first_at;  // the caller's own receipt, not another's
    // A file sent again by the same sender answers its first leaf (files received before the
    // ledger existed get one now, as its first version: none was found). A sender new to the
    // file in this lab may still have a leaf for it: the record is the file and the sender,
    // while holders are per lab too and a user's lab can change with their role, so append
    // looks the record up then.
    std::optional<LeafRef> first;
    auto previous = Ledger::Previous::look_up;
    if (!receipt->added) {
      auto found =
          latest_leaf_of(conn, kBlobUploadType, blob_upload_id(out.record.sha256, holder.holder));
      if (!found) {
        return std::move(found).error();
      }
      first = std::move(*found);
      previous = Ledger::Previous::none;
    }
    auto leaf = first ? Result<LeafRef>(std::move(*first))
                      : ledger_.append(conn,
                                       blob_upload_entry(out.record, holder.lab_code, holder.holder,
                                                         receipt->first_at),
                                       holder.lab_code, receipt->sandbox, previous);
    if (!leaf) {
      return std::move(leaf).error();
    }
    out.leaf = std::move(*leaf);
    return auditor_.record(conn, caller, received_at, "blob.upload", "blob/" + out.record.sha256,
                           "{\"size\":" + std::to_string(out.record.size) + "}");
  };
  auto st = co_await commit(writer_, std::move(upsert));
  if (!st) {
    co_return std::move(st).error();
  }
  co_return out;
}

Result<std::optional<storage::BlobRecord>> BlobIntake::find(const std::string& sha256,
                                                            const domain::Scope& scope,
                                                            const Caller& caller) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::find_held_blob(**conn, sha256, scope, caller.actor);
}

}  // namespace lw::service
