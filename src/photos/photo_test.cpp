// Photo forensics (issue 8, JL-1.3): the metadata exiv2 reads agrees with exiftool on real
// camera JPEGs, editing software leaves a trace, the quantisation tables tell a camera from
// software, the capture instant, and bytes that are no JPEG are refused, never a crash.
#include "photos/photo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "core/text.hpp"
#include "photos/photo_samples.hpp"

namespace lw::photos {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const fs::path kExifDir = fs::path(LABWATCH_SOURCE_DIR) / ".." / "shared" / "testdata" / "exif";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> camera_jpegs() {
  std::vector<fs::path> out;
  if (fs::is_directory(kExifDir)) {
    for (const auto& e : fs::directory_iterator(kExifDir)) {
      if (e.path().extension() == ".jpg") {
        out.push_back(e.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

PhotoMetadata metadata_of(const fs::path& p) {
  auto m = read_metadata(read_file(p));
  EXPECT_TRUE(m) << p.filename() << ": " << m.error().note;
  return m ? *m : PhotoMetadata{};
}

// exiftool's reading of the files, by file name: -n for numbers as stored (GPS unsigned, the
// reference letters apart).
std::map<std::string, json::object> exiftool_json(const std::vector<fs::path>& files) {
  std::string cmd =
      "exiftool -n -j -EXIF:DateTimeOriginal -EXIF:OffsetTimeOriginal -EXIF:GPSLatitude"
      " -EXIF:GPSLatitudeRef -EXIF:GPSLongitude -EXIF:GPSLongitudeRef -EXIF:Make -EXIF:Model"
      " -EXIF:Software";
  for (const auto& f : files) {
    cmd += " '" + f.string() + "'";
  }
  cmd += " 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) {
      out.append(buf, n);
    }
    pclose(pipe);
  }
  std::map<std::string, json::object> by_file;
  boost::system::error_code ec;
  const json::value v = json::parse(out, ec);
  if (ec || !v.is_array()) {
    return by_file;
  }
  for (const auto& item : v.as_array()) {
    const auto& o = item.as_object();
    by_file[fs::path(std::string(o.at("SourceFile").as_string())).filename().string()] = o;
  }
  return by_file;
}

// exiftool writes a text that looks like a number as a number ("1.0" → 1).
bool same_text(const std::string& ours, const json::value& theirs) {
  if (theirs.is_string()) {
    return ours == std::string(theirs.as_string());
  }
  if (theirs.is_number()) {
    try {
      return std::stod(ours) == theirs.to_number<double>();
    } catch (const std::exception&) {
      return false;
    }
  }
  return false;
}

std::optional<double> signed_degrees(const json::object& o, const char* key, const char* ref,
                                     char negative) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) {
    return std::nullopt;  // absent, or present but empty ("")
  }
  double d = v->to_number<double>();
  if (const auto* r = o.if_contains(ref);
      r && r->is_string() && !r->as_string().empty() && r->as_string()[0] == negative) {
    d = -d;
  }
  return d;
}

TEST(PhotoMetadataTest, JL_1_3_MetadataAgreesWithExiftoolOnRealCameraJpegs) {
  const auto files = camera_jpegs();
  if (files.empty()) {
    GTEST_SKIP() << "no test photos in " << kExifDir;
  }
  const auto reference = exiftool_json(files);
  ASSERT_EQ(reference.size(), files.size()) << "exiftool (libimage-exiftool-perl) must read them";
  std::map<std::string, int> compared;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    SCOPED_TRACE(name);
    const auto m = metadata_of(f);
    const auto& o = reference.at(name);
    const std::pair<const char*, const std::string*> texts[] = {
        {"DateTimeOriginal", &m.date_time_original},
        {"OffsetTimeOriginal", &m.offset_time_original},
        {"Make", &m.make},
        {"Model", &m.model},
        {"Software", &m.software}};
    for (const auto& [key, ours] : texts) {
      if (const auto* theirs = o.if_contains(key)) {
        EXPECT_TRUE(same_text(*ours, *theirs))
            << key << ": exiv2 \"" << *ours << "\", exiftool " << json::serialize(*theirs);
        ++compared[key];
      } else {
        EXPECT_EQ(*ours, "") << key << " that exiftool does not see";
      }
    }
    const auto lat = signed_degrees(o, "GPSLatitude", "GPSLatitudeRef", 'S');
    const auto lng = signed_degrees(o, "GPSLongitude", "GPSLongitudeRef", 'W');
    if (lat && lng) {
      ASSERT_TRUE(m.gps.has_value()) << "GPS";
      EXPECT_NEAR(m.gps->lat, *lat, 1e-6);
      EXPECT_NEAR(m.gps->lng, *lng, 1e-6);
      ++compared["GPS"];
    } else {
      EXPECT_FALSE(m.gps.has_value()) << "GPS that exiftool does not see";
    }
  }
  std::printf("exiv2 vs exiftool on %zu camera JPEGs, fields compared:", files.size());
  for (const auto& [key, n] : compared) {
    std::printf(" %s %d", key.c_str(), n);
  }
  std::printf("\n");
  EXPECT_GE(compared["DateTimeOriginal"], 30);
  EXPECT_GE(compared["GPS"], 5);  // Apple, GoPro, Google, Ricoh2 and GPS.jpg, signs included
}

TEST(PhotoMetadataTest, JL_1_3_EveryCameraJpegIsScreened) {
  const auto files = camera_jpegs();
  if (files.empty()) {
    GTEST_SKIP() << "no test photos in " << kExifDir;
  }
  // Most of the corpus's pictures are 8 × 8 stand-ins with 28-byte dummy thumbnails: screened
  // all the same, without a thumbnail distance where the thumbnail does not decode.
  for (const auto& f : files) {
    auto s = screen_photo(read_file(f));
    ASSERT_TRUE(s) << f.filename() << ": " << s.error().note;
    EXPECT_THAT(s->thumb_jpeg, StartsWith("\xFF\xD8")) << f.filename();
  }
}

TEST(PhotoMetadataTest, JL_1_3_EditingSoftwareLeavesATrace) {
  if (camera_jpegs().empty()) {
    GTEST_SKIP() << "no test photos in " << kExifDir;
  }
  // GPS.jpg went through Photoshop 7 (EXIF Software); its APP13 holds only an IPTC record,
  // which captioning tools write too, so that is not counted as Photoshop's.
  EXPECT_EQ(metadata_of(kExifDir / "GPS.jpg").edit_traces,
            std::vector<std::string>{"software:Adobe Photoshop 7.0"});
  EXPECT_THAT(metadata_of(kExifDir / "GE.jpg").edit_traces, Contains("software:GIMP 2.6.3"));
  // Saved by Photoshop: its image resources (resolution, version info …) in APP13.
  EXPECT_THAT(metadata_of(kExifDir / "ExifTool.jpg").edit_traces, Contains("photoshop_irb"));
  // Straight from the camera: an iPhone's Software is its iOS version, the Canon has none.
  EXPECT_THAT(metadata_of(kExifDir / "Apple.jpg").edit_traces, IsEmpty());
  EXPECT_THAT(metadata_of(kExifDir / "Canon.jpg").edit_traces, IsEmpty());
  // Captioned in Photo Mechanic: IPTC only, no editor.
  EXPECT_THAT(metadata_of(kExifDir / "PhotoMechanic.jpg").edit_traces, IsEmpty());
  std::printf("edit traces:");
  for (const auto& f : camera_jpegs()) {
    const auto m = metadata_of(f);
    if (!m.edit_traces.empty()) {
      std::printf(" %s [", f.filename().c_str());
      for (const auto& t : m.edit_traces) {
        std::printf(" %s", t.c_str());
      }
      std::printf(" ]");
    }
  }
  std::printf("\n");
}

TEST(PhotoMetadataTest, JL_1_3_AnXmpHistoryIsATrace) {
  // A photo whose XMP names its editor and holds an edit history, as Lightroom writes.
  samples::SitePhotoSpec spec;
  spec.width = 320;
  spec.height = 240;
  const std::string plain = samples::generate_site_photo(spec);
  const std::string xmp =
      "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
      "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description"
      " rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/'"
      " xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/'"
      " xmlns:stEvt='http://ns.adobe.com/xap/1.0/sType/ResourceEvent#'"
      " xmp:CreatorTool='Adobe Photoshop Lightroom Classic 12.0 (Windows)'><xmpMM:History>"
      "<rdf:Seq><rdf:li stEvt:action='saved' stEvt:softwareAgent='Adobe Photoshop Lightroom'/>"
      "</rdf:Seq></xmpMM:History></rdf:Description></rdf:RDF></x:xmpmeta>"
      "<?xpacket end='w'?>";
  const std::string ns = "http://ns.adobe.com/xap/1.0/";
  const std::string payload = ns + '\0' + xmp;
  const std::size_t length = payload.size() + 2;
  std::string segment = "\xFF\xE1";
  segment += static_cast<char>(length >> 8);
  segment += static_cast<char>(length & 0xFF);
  const std::string edited = plain.substr(0, 2) + segment + payload + plain.substr(2);
  auto m = read_metadata(edited);
  ASSERT_TRUE(m) << m.error().note;
  EXPECT_THAT(m->edit_traces,
              Contains("software:Adobe Photoshop Lightroom Classic 12.0 (Windows)"));
  EXPECT_THAT(m->edit_traces, Contains("xmp_history"));
  auto untouched = read_metadata(plain);
  ASSERT_TRUE(untouched);
  EXPECT_THAT(untouched->edit_traces, IsEmpty());
}

TEST(PhotoMetadataTest, JL_1_3_ABeautifyingAppIsAnEditorAndTextsComeOutAsUtf8) {
  samples::SitePhotoSpec spec;
  spec.width = 320;
  spec.height = 240;
  spec.software = "美图秀秀 9.9";
  spec.make = "HUAWEI\xFF\xFE";  // bytes that are no UTF-8
  auto m = read_metadata(samples::generate_site_photo(spec));
  ASSERT_TRUE(m) << m.error().note;
  EXPECT_EQ(m->edit_traces, std::vector<std::string>{"software:美图秀秀 9.9"});
  EXPECT_TRUE(valid_utf8(m->make));
  EXPECT_THAT(m->make, StartsWith("HUAWEI"));
}

TEST(PhotoMetadataTest, JL_1_3_AGeneratedPhotoSaysWhatItsCameraWrote) {
  samples::SitePhotoSpec spec;
  spec.scene_seed = 3;
  spec.gps = domain::GeoPoint{-33.8568, -151.2153};  // signs both ways
  spec.orientation = 6;
  spec.width = 1600;
  spec.height = 1200;
  const std::string jpeg = samples::generate_site_photo(spec);
  auto m = read_metadata(jpeg);
  ASSERT_TRUE(m) << m.error().note;
  EXPECT_EQ(m->date_time_original, "2026:11:20 10:30:00");
  EXPECT_EQ(m->offset_time_original, "+08:00");
  EXPECT_EQ(m->make, "HUAWEI");
  EXPECT_EQ(m->model, "ELS-AN00");
  EXPECT_EQ(m->software, "");
  EXPECT_EQ(m->orientation, 6);
  EXPECT_EQ(m->width, 1600);
  EXPECT_EQ(m->height, 1200);
  ASSERT_TRUE(m->gps);
  EXPECT_NEAR(m->gps->lat, -33.8568, 1e-7);
  EXPECT_NEAR(m->gps->lng, -151.2153, 1e-7);
  EXPECT_THAT(m->thumbnail, StartsWith("\xFF\xD8"));
  EXPECT_THAT(m->edit_traces, IsEmpty());
  // exiftool reads what exiv2 wrote.
  const fs::path file =
      fs::temp_directory_path() / ("lw_photo_" + std::to_string(getpid()) + ".jpg");
  std::ofstream(file, std::ios::binary) << jpeg;
  const auto theirs = exiftool_json({file});
  fs::remove(file);
  ASSERT_EQ(theirs.size(), 1u);
  const auto& o = theirs.begin()->second;
  EXPECT_EQ(o.at("DateTimeOriginal"), "2026:11:20 10:30:00");
  EXPECT_EQ(o.at("OffsetTimeOriginal"), "+08:00");
  EXPECT_NEAR(*signed_degrees(o, "GPSLatitude", "GPSLatitudeRef", 'S'), -33.8568, 1e-6);
  EXPECT_NEAR(*signed_degrees(o, "GPSLongitude", "GPSLongitudeRef", 'W'), -151.2153, 1e-6);
}

TEST(PhotoMetadataTest, JL_1_3_TheCaptureInstantTakesTheOffsetOrBeijingTime) {
  PhotoMetadata m;
  m.date_time_original = "2026:11:20 10:30:00";
  EXPECT_EQ(capture_instant(m), parse_rfc3339("2026-11-20T02:30:00Z"));
  m.offset_time_original = "-05:00";
  EXPECT_EQ(capture_instant(m), parse_rfc3339("2026-11-20T15:30:00Z"));
  m.offset_time_original = "+05:45";
  EXPECT_EQ(capture_instant(m), parse_rfc3339("2026-11-20T04:45:00Z"));
  m.offset_time_original = "garbage";  // the default then
  EXPECT_EQ(capture_instant(m), parse_rfc3339("2026-11-20T02:30:00Z"));
  EXPECT_EQ(capture_instant(m, std::chrono::minutes(0)), parse_rfc3339("2026-11-20T10:30:00Z"));
  for (const char* bad : {"", "2026:11:20", "2026:02:30 10:00:00", "2026:11:20 24:00:00",
                          "2026-11-20 10:30:00", "2026:11:20 10:30:0x", "    :  :     :  :  "}) {
    m.date_time_original = bad;
    EXPECT_FALSE(capture_instant(m)) << bad;
  }
}

TEST(PhotoQuantisationTest, JL_1_3_TheTablesTellTheEncoder) {
  samples::SitePhotoSpec spec;
  spec.width = 800;
  spec.height = 600;
  const std::string a = samples::generate_site_photo(spec);
  spec.scene_seed = 2;
  spec.shot = 1;
  const std::string b = samples::generate_site_photo(spec);
  spec.model = "ALN-AL00";
  const std::string other_model = samples::generate_site_photo(spec);
  auto qa = read_metadata(a)->quantisation;
  auto qb = read_metadata(b)->quantisation;
  auto qo = read_metadata(other_model)->quantisation;
  // One camera at one setting: one fingerprint, whatever the picture; its own tables, no IJG.
  EXPECT_EQ(qa.fingerprint.size(), 16u);
  EXPECT_EQ(qa.fingerprint, qb.fingerprint);
  EXPECT_NE(qa.fingerprint, qo.fingerprint);
  EXPECT_EQ(qa.ijg_quality, std::nullopt);
  // Software (libjpeg) saving it again: the IJG tables at its quality.
  for (int q : {70, 92, 100, 25}) {
    const auto re = read_metadata(samples::recompress_jpeg(a, q))->quantisation;
    EXPECT_EQ(re.ijg_quality, q);
    EXPECT_NE(re.fingerprint, qa.fingerprint);
  }
  EXPECT_EQ(read_metadata(samples::recompress_jpeg(b, 70))->quantisation.fingerprint,
            read_metadata(samples::recompress_jpeg(a, 70))->quantisation.fingerprint);
}

TEST(PhotoQuantisationTest, JL_1_3_RealCamerasReportTheirTables) {
  const auto files = camera_jpegs();
  if (files.empty()) {
    GTEST_SKIP() << "no test photos in " << kExifDir;
  }
  int ijg = 0;
  std::printf("quantisation tables of the camera JPEGs:\n");
  for (const auto& f : files) {
    const auto m = metadata_of(f);
    EXPECT_EQ(m.quantisation.fingerprint.size(), 16u) << f.filename();
    EXPECT_EQ(m.quantisation.fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
    ijg += m.quantisation.ijg_quality.has_value();
    std::printf("  %-18s %-28s %s %s\n", f.filename().c_str(), (m.make + " " + m.model).c_str(),
                m.quantisation.fingerprint.c_str(),
                m.quantisation.ijg_quality
                    ? ("IJG q" + std::to_string(*m.quantisation.ijg_quality)).c_str()
                    : "own tables");
  }
  // The corpus keeps each camera's metadata but most of its images are one 8 × 8 stand-in
  // picture, whose tables they share; those are no IJG tables either.
  std::printf("  %d of %zu with IJG tables\n", ijg, files.size());
  EXPECT_LT(ijg, static_cast<int>(files.size()));
}

TEST(PhotoInputTest, JL_1_3_BytesThatAreNoCompleteJpegAreRefused) {
  samples::SitePhotoSpec spec;
  spec.width = 640;
  spec.height = 480;
  const std::string good = samples::generate_site_photo(spec);
  ASSERT_TRUE(screen_photo(good));
  std::mt19937_64 rng(1);
  std::string noise(5000, '\0');
  for (auto& c : noise) {
    c = static_cast<char>(rng());
  }
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"empty", ""},
      {"text", "hello, this is not a photo"},
      {"png", png + noise},
      {"noise", noise},
      {"soi and noise", "\xFF\xD8" + noise},
      {"soi only", "\xFF\xD8"},
      {"header only", good.substr(0, 1000)},
      {"half", good.substr(0, good.size() / 2)},
      {"all but the end marker", good.substr(0, good.size() - 2)},
      {"segment longer than the file", std::string("\xFF\xD8\xFF\xE1\xFF\xF0"
                                                   "Exif\0\0",
                                                   12)},
  };
  for (const auto& [what, bytes] : bad) {
    auto m = read_metadata(bytes);
    ASSERT_FALSE(m) << what;
    EXPECT_EQ(m.error().code, "invalid_argument") << what;
    auto s = screen_photo(bytes);
    ASSERT_FALSE(s) << what;
    EXPECT_EQ(s.error().code, "invalid_argument") << what;
    EXPECT_FALSE(perceptual_hash(bytes)) << what;
  }
  // Scan data cut out of the middle: the markers are whole, libjpeg runs out of data.
  std::string holed = good.substr(0, good.size() / 2) + "\xFF\xD9";
  EXPECT_FALSE(screen_photo(holed));
  // Corrupted anywhere: an answer either way, never a crash.
  int refused = 0;
  for (int i = 0; i < 300; ++i) {
    std::string b = good;
    const int hits = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < hits; ++k) {
      const std::size_t at =
          i % 2 ? rng() % std::min<std::size_t>(b.size(), 4000) : rng() % b.size();
      b[at] = static_cast<char>(rng());
    }
    refused += !screen_photo(b).ok();
  }
  std::printf("300 corrupted copies: %d refused, the others screened\n", refused);
}

TEST(PhotoScreeningTest, JL_1_3_ScreeningIsSafeOnSeveralThreads) {
  std::vector<std::string> photos;
  for (int i = 0; i < 4; ++i) {
    samples::SitePhotoSpec spec;
    spec.scene_seed = 50 + static_cast<std::uint64_t>(i);
    spec.width = 800;
    spec.height = 600;
    photos.push_back(samples::generate_site_photo(spec));
  }
  std::vector<PerceptualHash> want;
  for (const auto& p : photos) {
    want.push_back(screen_photo(p)->phash);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round) {
        for (std::size_t i = 0; i < photos.size(); ++i) {
          auto s = screen_photo(photos[i]);
          mismatches[static_cast<std::size_t>(t)] += !s || s->phash != want[i];
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_THAT(mismatches, ::testing::Each(0));
}

}  // namespace
}  // namespace lw::photos
