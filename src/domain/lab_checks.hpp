#pragma once
// Shared pieces of the item rules that check_test dispatches to (concrete.cpp, steel.cpp,
// joints.cpp): anomaly building with bilingual messages, and the conclusion comparison.
// Implemented in lab_test.cpp.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/lab_test.hpp"

namespace lw::domain::checks {

/// `v` with `decimals` decimals ("36.1").
std::string figure(double v, int decimals);

/// An anomaly with the figures side by side.
Anomaly anomaly(std::string_view kind, std::string_view clause, std::optional<std::size_t> specimen,
                std::string_view field, std::optional<double> reported,
                std::optional<double> recomputed, std::string message_zh, std::string message_en);

/// "missing_raw_value" for specimen `i`'s `field` (a SpecimenData member name).
void missing(TestEvaluation& e, std::size_t i, std::string_view field, std::string_view clause);

/// "specimen_count": the item takes `expected` specimens (a list such as "3 or 6").
void specimen_count(TestEvaluation& e, std::size_t given, std::string_view expected,
                    std::string_view clause);

/// "unknown_grade" for a grade the tables do not know.
void unknown_grade(TestEvaluation& e, std::string_view field, std::string_view grade,
                   std::string_view clause);

/// Sets e.conclusion and adds "conclusion_mismatch" when the lab reports another one.
/// `also_accepted` is a reported conclusion that agrees too (a failed first tension test
/// reported as "retest": the lot goes to the double-quantity retest).
void conclude(const TestData& d, TestEvaluation& e, Conclusion expected, std::string_view clause,
              std::optional<Conclusion> also_accepted = std::nullopt);

/// Name of a conclusion in Chinese ("合格").
std::string_view conclusion_zh(Conclusion c);

/// "第 2 个试件" / "Specimen 2" for 0-based index 1.
std::string specimen_zh(std::size_t i);
std::string specimen_en(std::size_t i);

}  // namespace lw::domain::checks
