// The demo dataset a newcomer sees on first start. Each capability adds its part here.
#include <future>

#include "app/application.hpp"
#include "core/log.hpp"
#include "storage/connectivity_checks.hpp"

namespace lw::app {
namespace {

struct DemoCheck {
  const char* lab_code;
  const char* message;
  int minutes_ago;
  int clock_skew_seconds;
};

// Lab systems of the two shipped jurisdictions testing their link (JJ-3.2, JL-1.1).
constexpr DemoCheck kChecks[] = {
    {"360402-0001", "九江市建设工程质量检测中心 LIMS 联调自检 / Jiujiang centre LIMS link test", 95,
     2},
    {"360402-0001", "压力试验机数据采集通道自检 / compression machine acquisition channel", 80, 1},
    {"360430-0002", "彭泽县建科检测 LIMS 首次接入 / first connection", 60, -47},
    {"220102-0001", "吉林省建设工程检测院 现场检测终端联调 / on-site terminal link test", 45, 0},
    {"220202-0003", "吉林市建研检测 现场照片上传通道自检 / on-site photo channel", 20, 310},
};

}  // namespace

Status Application::load_demo() {
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto existing = storage::recent_connectivity_checks(**conn, "", 1);
    if (!existing) {
      return std::move(existing).error();
    }
    if (!existing->empty()) {
      return {};  // not a first start: leave the data as it is
    }
  }
  const Instant now = clock_.now();
  std::promise<Status> done;
  writer_->submit(
      [&](storage::Connection& conn) -> Status {
        for (const auto& d : kChecks) {
          domain::ConnectivityCheck c;
          c.lab_code = d.lab_code;
          c.message = d.message;
          c.received_at = now - std::chrono::minutes(d.minutes_ago);
          c.client_time = c.received_at + std::chrono::seconds(d.clock_skew_seconds);
          LW_TRY(storage::insert_connectivity_check(conn, c));
        }
        return {};
      },
      [&done](Status st) { done.set_value(std::move(st)); });
  Status st = done.get_future().get();
  if (st) {
    log::info("demo_loaded", {{"connectivity_checks", std::size(kChecks)}});
  }
  return st;
}

}  // namespace lw::app
