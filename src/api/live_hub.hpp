#pragma once
// The live page's feed (issue 7 item 8): events of tests in progress — started, readings,
// finished, reviewed — sent to every open server-sent-events stream whose caller's scope covers
// the test. In memory: a stream sees what happens while it is open; the lists and the test
// page give what happened before.
#include <memory>
#include <mutex>
#include <vector>

#include "domain/scope.hpp"
#include "http/message.hpp"
#include "labtests/lab_tests.hpp"

namespace lw::api {

class LiveHub {
 public:
  /// A stream of the events `scope` covers, in text/event-stream form, with a comment line
  /// every `heartbeat` so proxies and clients know it is alive.
  std::shared_ptr<http::EventStream> subscribe(domain::Scope scope,
                                               std::chrono::milliseconds heartbeat);
  /// Sends `event` to the streams whose scope covers it. Callable from any thread.
  void publish(const labtests::LiveEvent& event);
  std::size_t subscribers();

  class Stream;

 private:
  std::mutex mu_;
  std::vector<std::weak_ptr<Stream>> streams_;
};

}  // namespace lw::api
