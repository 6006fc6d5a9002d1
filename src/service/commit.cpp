#include "service/commit.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

namespace lw::service {
namespace asio = boost::asio;

Task<Status> commit(storage::Writer& writer, storage::Writer::Job job) {
  auto ex = co_await asio::this_coro::executor;
  // Named, not written inside the co_await: GCC 12 destroys a capturing lambda twice when it
  // is a temporary of a co_await expression (docs/conventions.md).
  auto initiation = [&writer, &job, ex](auto handler) {
    // The writer wants a copyable callback; the coroutine's handler is move-only.
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    writer.submit(std::move(job), [shared, ex](Status st) {
      asio::post(ex,
                 [shared, st = std::move(st)]() mutable { std::move (*shared)(std::move(st)); });
    });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Status)>(
      std::move(initiation), asio::use_awaitable);
}

void run_to_end(Task<void> task) {
  asio::io_context ioc;
  std::exception_ptr failure;
  asio::co_spawn(ioc, std::move(task), [&failure](const std::exception_ptr& e) { failure = e; });
  ioc.run();
  if (failure) {
    std::rethrow_exception(failure);
  }
}

}  // namespace lw::service
