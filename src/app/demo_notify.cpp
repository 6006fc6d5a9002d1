// The demo's notices (issue 9): one announcement of the notification centre to each demo county,
// so that the bell of its station and regulator has something to show on first start. Loaded
// once: a later start finds it by its subject.
#include "app/application.hpp"
#include "notify/notices.hpp"

namespace lw::app {

Status Application::load_demo_notices() {
  constexpr char kSubject[] = "announcement notification_centre";
  const Instant now = clock_.now();
  return write_now(*writer_, [&](storage::Connection& conn) -> Status {
    auto present =
        conn.query("SELECT id FROM notices WHERE subject = $1", storage::params({kSubject}));
    if (!present) {
      return std::move(present).error();
    }
    if (!present->empty()) {
      return {};
    }
    notify::Notice n;
    n.kind = "announcement";
    n.subject = kSubject;
    n.title_zh = "通知中心已启用：不合格检测结果将在此即时通知";
    n.title_en = "The notification centre is on: non-conforming results are notified here at once";
    n.body = {{"message_zh",
               "检测结果不合格或报告被撤销时，平台即时通知工程的建设单位和监督站；"
               "单位和监督站可在“Webhook”页登记接收地址，由平台签名推送。"},
              {"message_en",
               "When a result fails or a report is revoked, the platform notifies the project's "
               "client and its supervision station at once; either may register a webhook on "
               "the Webhooks page to receive signed deliveries."}};
    n.recipients = {{notify::Recipient::Kind::region, "360402"},
                    {notify::Recipient::Kind::region, "220102"}};
    auto id = notify::enqueue(conn, n, now);
    if (!id) {
      return std::move(id).error();
    }
    return {};
  });
}

}  // namespace lw::app
