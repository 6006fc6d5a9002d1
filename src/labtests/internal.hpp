#pragma once
// What the use cases of lab tests share and nobody else needs.
#include "labtests/lab_checks.hpp"
#include "labtests/lab_tests.hpp"

namespace lw::labtests {

/// The readings streamed for specimen `ordinal` of a test, as one curve (empty when none).
Result<domain::Curve> curve_from_readings(storage::Connection& conn, std::int64_t test_id,
                                          int ordinal);

}  // namespace lw::labtests
