#pragma once
// A throwaway database for one test, on the engine the test names or else the one chosen by
// LABWATCH_TEST_ENGINE (sqlite, the default, or postgresql with LABWATCH_TEST_PG naming an
// admin URL, as scripts/test sets up). Removed when the object goes away.
#include <filesystem>
#include <string>

#include "storage/sql.hpp"

namespace lw::testing {

/// "sqlite" or "postgresql", from LABWATCH_TEST_ENGINE.
std::string test_engine();

/// A fresh temporary folder, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class TestDatabase {
 public:
  /// On the engine named by LABWATCH_TEST_ENGINE (see test_engine()).
  TestDatabase();
  /// On `engine`: "sqlite" or "postgresql" (anything else throws).
  explicit TestDatabase(const std::string& engine);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  /// False for postgresql without a server (LABWATCH_TEST_PG unset): the caller then skips
  /// the test (GTEST_SKIP).
  bool available() const { return !url_.empty(); }
  /// The URL to hand to Database::open or `labwatch --db`.
  const std::string& url() const { return url_; }
  storage::Engine engine() const { return engine_; }
  /// A folder for this test's other files (blobs, port files).
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  storage::Engine engine_ = storage::Engine::sqlite;
  TempDir dir_;
  std::string url_;
  std::string pg_name_;
};

}  // namespace lw::testing
