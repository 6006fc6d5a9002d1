#pragma once
// The bridge from a request coroutine to the group-commit writer: the coroutine is suspended
// while its write waits for its batch, and resumes on its own executor once it is durable.
#include "core/task.hpp"
#include "storage/writer.hpp"

namespace lw::service {

/// Pass a named Job (std::move(job)), never a lambda written in the co_await expression.
Task<Status> commit(storage::Writer& writer, storage::Writer::Job job);

}  // namespace lw::service
