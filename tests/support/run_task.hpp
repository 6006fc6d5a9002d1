#pragma once
// Runs a coroutine to completion in a test, on an io_context driven here on this thread.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <utility>

#include "core/task.hpp"

namespace lw::testing {

/// Runs `ioc` until `task` and everything else queued on it is done, then makes it ready to run
/// again. Rethrows what the task threw.
inline void run(boost::asio::io_context& ioc, Task<void> task) {
  std::exception_ptr failure;
  boost::asio::co_spawn(ioc, std::move(task),
                        [&failure](const std::exception_ptr& e) { failure = e; });
  ioc.run();
  ioc.restart();
  if (failure) {
    std::rethrow_exception(failure);
  }
}

namespace detail {
template <class T>
Task<void> store_into(Task<T> task, std::optional<T>& out) {
  out.emplace(co_await std::move(task));
}
}  // namespace detail

/// As above, for a task with a value: the value, or nothing when the task did not finish.
template <class T>
std::optional<T> run(boost::asio::io_context& ioc, Task<T> task) {
  std::optional<T> out;
  run(ioc, detail::store_into(std::move(task), out));
  return out;
}

}  // namespace lw::testing
