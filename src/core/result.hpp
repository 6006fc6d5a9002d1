#pragma once
// Errors are values on every request path: Result<T> holds a T or an Error, Status holds
// nothing or an Error. Exceptions are reserved for impossible states.
#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace lw {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  static Status Ok() { return {}; }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

}  // namespace lw

// Propagates the error of a Result/Status expression out of the enclosing function.
#define LW_TRY(expr)                            \
  do {                                          \
    if (auto lw_try_ = (expr); !lw_try_.ok()) { \
      return std::move(lw_try_).error();        \
    }                                           \
  } while (0)

// Assigns the value of a Result expression to `lhs`, or propagates its error.
#define LW_TRY_ASSIGN(lhs, expr)         \
  do {                                   \
    auto lw_try_ = (expr);               \
    if (!lw_try_.ok()) {                 \
      return std::move(lw_try_).error(); \
    }                                    \
    lhs = std::move(*lw_try_);           \
  } while (0)
