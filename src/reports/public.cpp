// What anyone may ask of a report (docs/reports.md "Public verification"): its public facts by
// number, the genuine PDF (the stamped copy, made when missing, or the lab's original), and
// whether a PDF someone holds is byte-identical to either.
#include <fstream>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "print/report_stamp.hpp"
#include "reports/internal.hpp"
#include "seal/seal.hpp"
#include "service/commit.hpp"
#include "storage/blob_records.hpp"

namespace lw::reports {
namespace {

constexpr std::uint64_t kMaxCompareBytes = 50ull << 20;
constexpr std::chrono::milliseconds kSnapshotAge{50};

Error no_report(const std::string& number) {
  return Error(std::string(errc::not_found), "no report " + number);
}

// Copies `file` into the blob store; its address.
Result<blobs::BlobRef> store_file(blobs::BlobStore& store, const std::filesystem::path& file) {
  auto writer = store.begin();
  if (!writer) {
    return std::move(writer).error();
  }
  std::ifstream in(file, std::ios::binary);
  std::string buf(1 << 16, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (auto st =
            (*writer)->write(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
        !st) {
      return std::move(st).error();
    }
  }
  if (in.bad()) {
    return Error(std::string(errc::storage_unavailable), "cannot read " + file.string());
  }
  return (*writer)->commit();
}

}  // namespace

Task<Result<storage::Report>> Reports::stamp(storage::Report r, std::string public_base) {
  const auto original = setup_.store->local_path(r.pdf_sha256);
  if (!original) {
    co_return Error(std::string(errc::storage_unavailable), "the report's PDF is missing");
  }
  const auto out = std::filesystem::temp_directory_path() /
                   ("labwatch-stamp-" + to_hex(random_bytes(8)) + ".pdf");
  const auto st =
      print::stamp_report_pdf(*original, out, {r.number, seal::seal_url(public_base, r.seal)});
  if (!st) {
    co_return st.error();
  }
  auto stored = store_file(*setup_.store, out);
  std::error_code ec;
  std::filesystem::remove(out, ec);
  if (!stored) {
    co_return std::move(stored).error();
  }
  const Instant now = clock_.now();
  const auto id = r.id;
  const auto sha = stored->sha256;
  const auto size = stored->size;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto current = storage::find_report(conn, domain::Scope::all(), id);
    if (!current) {
      return std::move(current).error();
    }
    if (!*current) {
      return Error(std::string(errc::not_found), "no report " + std::to_string(id));
    }
    auto blob = storage::upsert_blob_record(
        conn, {sha, static_cast<std::int64_t>(size), "application/pdf", now});
    if (!blob) {
      return std::move(blob).error();
    }
    r = std::move(**current);
    r.stamped_sha256 = sha;
    r.public_json = with_stamp(r.public_json, sha);
    return storage::set_report_stamp(conn, id, sha, r.public_json);
  };
  if (auto done = co_await service::commit(writer_, std::move(job)); !done) {
    co_return std::move(done).error();
  }
  co_return r;
}

Result<storage::Report> Reports::by_number(const std::string& number) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto r = storage::find_report_by_number(**lease, number);
  if (!r) {
    return std::move(r).error();
  }
  if (!*r) {
    return no_report(number);
  }
  return std::move(**r);
}

Result<std::string> Reports::public_facts(const std::string& number) {
  if (!domain::parse_report_number(number)) {
    return no_report(number);
  }
  // The most-hit read of the platform: consecutive look-ups share a read transaction, which
  // sees every commit of this process and another process's within kSnapshotAge.
  auto lease = db_.acquire_snapshot(kSnapshotAge);
  if (!lease) {
    return std::move(lease).error();
  }
  auto facts = storage::public_facts(**lease, number);
  if (!facts) {
    return std::move(facts).error();
  }
  if (!*facts) {
    return no_report(number);
  }
  return std::move(**facts);
}

Task<Result<std::filesystem::path>> Reports::pdf_file(const std::string& number, bool original,
                                                      std::string public_base) {
  auto found = by_number(number);
  if (!found) {
    co_return std::move(found).error();
  }
  if (!original &&
      (found->stamped_sha256.empty() || !setup_.store->local_path(found->stamped_sha256))) {
    auto stamped = co_await stamp(std::move(*found), std::move(public_base));
    if (!stamped) {
      co_return std::move(stamped).error();
    }
    found = std::move(*stamped);
  }
  const auto path = setup_.store->local_path(original ? found->pdf_sha256 : found->stamped_sha256);
  if (!path) {
    co_return Error(std::string(errc::storage_unavailable), "the report's PDF is missing");
  }
  co_return std::filesystem::path(*path);
}

Task<Result<Comparison>> Reports::compare(const std::string& number, ByteSource& body) {
  auto found = by_number(number);
  if (!found) {
    co_return std::move(found).error();
  }
  crypto::Hasher h(crypto::HashAlg::sha256);
  std::string buf(1 << 16, '\0');
  std::uint64_t total = 0;
  for (;;) {
    auto n = co_await body.read(buf.data(), buf.size());
    if (!n) {
      co_return std::move(n).error();
    }
    if (*n == 0) {
      break;
    }
    total += *n;
    if (total > kMaxCompareBytes) {
      co_return Error(std::string(errc::payload_too_large), "at most 50 MB");
    }
    h.update(std::string_view(buf.data(), *n));
  }
  const auto sha = to_hex(h.finish());
  Comparison c;
  if (sha == found->stamped_sha256) {
    c.matches = "stamped";
  } else if (sha == found->pdf_sha256) {
    c.matches = "original";
  }
  c.identical = !c.matches.empty();
  co_return c;
}

}  // namespace lw::reports
