// The violation catalogue (issue 10 deliver 1): policies/catalogue/violations.toml as shipped,
// against the kinds the code records and the requirement ids of requirements.md.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/violation_kinds.hpp"
#include "policy/policy_files.hpp"

namespace lw::policy {
namespace {

namespace fs = std::filesystem;
using domain::Detection;
using domain::Party;
using domain::Severity;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const fs::path kCatalogue = fs::path(LABWATCH_SOURCE_DIR) / "policies/catalogue/violations.toml";

const domain::ViolationCatalogue& catalogue() {
  static const auto c = parse_violation_catalogue(read_text(kCatalogue), kCatalogue.string());
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().note);
  return *c;
}

TEST(ViolationCatalogue, EveryKindTheCodeRecordsIsCatalogued) {
  for (std::string_view kind : domain::violation_kinds::kRecorded) {
    EXPECT_NE(catalogue().find(kind), nullptr) << kind;
  }
}

TEST(ViolationCatalogue, JL_3_1_JJ_3_3_EveryBreachTheNoticesNameHasAKind) {
  // Issue 10's list: missed, late and late re-upload; photo anomaly; data–photo mismatch; manual
  // entry; no two-person review; unverified equipment; uncertified person; sample without QR;
  // contract and plan late; personnel change late; proxy witnessing; non-conforming result not
  // reported; video coverage missing.
  const char* named[] = {
      "onsite_upload_missed",  "onsite_upload_late",   "onsite_reupload",
      "photo_finding",         "data_photo_mismatch",  "manual_replaces_auto",
      "review_not_two_person", "equipment_unverified", "person_uncertified",
      "sample_without_qr",     "contract_late",        "plan_late",
      "late_change_notice",    "witness_proxy",        "nonconforming_unreported",
      "video_coverage_missing"};
  for (const char* id : named) {
    const auto* k = catalogue().find(id);
    ASSERT_NE(k, nullptr) << id;
    EXPECT_FALSE(k->requirements.empty()) << id;
    EXPECT_FALSE(k->parties.empty()) << id;
  }
}

TEST(ViolationCatalogue, EveryRequirementItNamesIsInRequirementsMd) {
  const std::string requirements =
      read_text(fs::path(LABWATCH_SOURCE_DIR) / "../shared/docs/requirements.md");
  ASSERT_FALSE(requirements.empty());
  for (const auto& k : catalogue().kinds()) {
    for (const auto& r : k.requirements) {
      const bool listed = requirements.find("- " + r + " ") != std::string::npos ||
                          requirements.find("**" + r + " ") != std::string::npos;
      EXPECT_TRUE(listed) << k.id << " names " << r;
    }
  }
}

TEST(ViolationCatalogue, JL_3_1_JL_5_TheLadderAndTrialFlagsSitOnTheUploadKinds) {
  const auto& c = catalogue();
  EXPECT_TRUE(c.find("onsite_reupload")->late_reupload);
  EXPECT_FALSE(c.find("onsite_upload_late")->late_reupload);
  EXPECT_TRUE(c.find("onsite_upload_missed")->unintentional_miss);
  EXPECT_TRUE(c.find("onsite_upload_late")->unintentional_miss);
  EXPECT_FALSE(c.find("curve_reused")->unintentional_miss);
  EXPECT_EQ(c.find("curve_reused")->severity, Severity::serious);
  EXPECT_EQ(c.find("onsite_upload_missed")->detection, Detection::scheduled_scan);
  EXPECT_EQ(c.find("witness_proxy")->parties.front(), Party::supervision_company);
}

TEST(ViolationCatalogue, AMalformedCatalogueIsRefusedNamingTheKey) {
  struct Case {
    const char* what;
    const char* from;
    const char* to;
    const char* key;
  };
  const Case cases[] = {
      {"unknown severity",
       "severity = \"serious\"\nparties = [\"lab\", \"person\"]\ndetection = "
       "\"at_upload\"",
       "severity = \"grave\"\nparties = [\"lab\", \"person\"]\ndetection = \"at_upload\"",
       "kinds[7].severity"},
      {"unknown party", "parties = [\"contractor\"]", "parties = [\"builder\"]",
       "kinds[19].parties"},
      {"unknown detection", "detection = \"inspection\"\n\n[[kinds]]\nid = \"person_uncertified\"",
       "detection = \"audit\"\n\n[[kinds]]\nid = \"person_uncertified\"", "kinds[9].detection"},
      {"duplicate id", "id = \"plan_late\"", "id = \"contract_late\"", "kinds[13].id"},
      {"bad requirement id", "requirements = [\"JL-2.3\"]", "requirements = [\"JL2.3\"]",
       "kinds[8].requirements"},
      {"unknown key", "late_reupload = true", "late_reuploads = true", "kinds[2].late_reuploads"},
  };
  const std::string shipped = read_text(kCatalogue);
  for (const auto& c : cases) {
    std::string text = shipped;
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.what;
    text.replace(at, std::string(c.from).size(), c.to);
    const auto got = parse_violation_catalogue(text, "violations.toml");
    ASSERT_FALSE(got.ok()) << c.what;
    EXPECT_EQ(got.error().details.at("key").as_string(), c.key)
        << c.what << ": " << got.error().note;
  }
}

TEST(ViolationCatalogue, TheShippedPolicyBookCarriesIt) {
  const auto book = load_policy_dir(fs::path(LABWATCH_SOURCE_DIR) / "policies");
  ASSERT_TRUE(book.ok()) << book.error().note;
  EXPECT_EQ(book->violations().kinds().size(), catalogue().kinds().size());
}

}  // namespace
}  // namespace lw::policy
