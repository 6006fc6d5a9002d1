#pragma once
// The coroutine type of request paths: an Asio awaitable, resumed on the caller's executor.
#include <boost/asio/awaitable.hpp>

namespace lw {

template <class T>
using Task = boost::asio::awaitable<T>;

}  // namespace lw
