#pragma once
// The bridge from a request coroutine to the group-commit writer: the coroutine is suspended
// while its write waits for its batch, and resumes on its own executor once it is durable.
#include "core/task.hpp"
#include "storage/writer.hpp"

namespace lw::service {

/// Pass a named Job (std::move(job)), never a lambda written in the co_await expression.
Task<Status> commit(storage::Writer& writer, storage::Writer::Job job);

/// Runs `task` to its end on this thread, for commands that have no server to run it on
/// (`labwatch housekeeping`); rethrows what it threw.
void run_to_end(Task<void> task);

}  // namespace lw::service
