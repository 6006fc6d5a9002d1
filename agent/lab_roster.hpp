#pragma once
// What a lab's system knows of its own lab from the platform (the signed lab API, read-only):
// its equipment, its staff and the specimens it received that await a test — and the choices a
// lab makes from them before a test: the machine of the right range, a certified tester and a
// second certified person to review.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::sim {

struct Machine {
  std::int64_t id = 0;
  std::string name;
  std::string model;
  double capacity_kn = 0;  // from the measuring range ("0-2000 kN"); 0 when none
  bool auto_collect = false;
  bool usable = false;  // not rejected, calibrated today
};

struct Person {
  std::int64_t id = 0;
  std::string name;
  bool tester = false;      // the tester duty, exam passed, a certificate valid today
  bool may_review = false;  // a tester as above, or the technical-lead duty; a certificate
};

struct AwaitingSpecimen {
  std::string label_code;
  std::int64_t sampling_id = 0;
  std::string material;
  std::string grade;
  std::string concrete_group;
  int ordinal = 0;
};

/// The specimens of one sampling, in their order.
struct SpecimenGroup {
  std::int64_t sampling_id = 0;
  std::string material;
  std::string grade;
  std::string concrete_group;
  std::vector<std::string> label_codes;
};

/// Items of GET /api/v1/lab-api/equipment, /staff and /specimens?state=awaiting_test.
std::vector<Machine> parse_machines(const boost::json::array& items);
std::vector<Person> parse_people(const boost::json::array& items);
std::vector<AwaitingSpecimen> parse_awaiting(const boost::json::array& items);
std::vector<SpecimenGroup> group_by_sampling(std::vector<AwaitingSpecimen> specimens);

/// The largest number before "kN" in a measuring range ("0-2000 kN" → 2000; "0.1-4000 μs" →
/// none).
std::optional<double> capacity_kn(std::string_view measuring_range);

/// The machine for a test whose largest load is `max_load_kn`: usable, able to pull for steel,
/// with the load between 20 % and 80 % of its range (GB/T 50081-2019, the press) when one is, then
/// auto-collecting first, a press first for compression, the smallest range first.
const Machine* choose_machine(const std::vector<Machine>& machines, bool tension,
                              double max_load_kn);

/// The n-th tester (round robin) and a reviewer who is not them; none when the lab has none.
struct Crew {
  const Person* tester = nullptr;
  const Person* reviewer = nullptr;
};
Crew choose_crew(const std::vector<Person>& people, std::size_t n);

}  // namespace lw::sim
