#pragma once
// The platform key the ledger module's tests sign checkpoints with: generated once per run.
#include "crypto/sm2.hpp"

namespace lw::ledger::test_keys {

inline const crypto::Sm2KeyPair& platform_key() {
  static const crypto::Sm2KeyPair key = crypto::Sm2KeyPair::generate();
  return key;
}

}  // namespace lw::ledger::test_keys
