#include "core/metrics.hpp"

#include <cstdio>

namespace lw {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void escape_label(std::string& out, const std::string& v) {
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// {a="x",b="y"} plus an optional extra label (le for buckets).
std::string labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   const std::string& extra_name = {}, const std::string& extra_value = {}) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"";
    escape_label(out, i < values.size() ? values[i] : std::string{});
    out += '"';
  }
  if (!extra_name.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra_name + "=\"" + extra_value + "\"";
  }
  if (!out.empty()) {
    out += '}';
  }
  return out;
}

}  // namespace

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

void CounterFamily::inc(const std::vector<std::string>& label_values, double by) {
  std::lock_guard lock(mu_);
  values_[label_values] += by;
}

double CounterFamily::value(const std::vector<std::string>& label_values) const {
  std::lock_guard lock(mu_);
  auto it = values_.find(label_values);
  return it == values_.end() ? 0 : it->second;
}

void CounterFamily::render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n# TYPE " + name_ + " counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [lv, v] : values_) {
    out += name_ + labels(label_names_, lv) + " " + number(v) + "\n";
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help, std::vector<double> bounds,
                                 std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      bounds_(std::move(bounds)),
      label_names_(std::move(label_names)) {}

void HistogramFamily::observe(const std::vector<std::string>& label_values, double v) {
  std::lock_guard lock(mu_);
  auto& s = series_[label_values];
  if (s.buckets.empty()) {
    s.buckets.assign(bounds_.size(), 0);
  }
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (v <= bounds_[i]) {
      ++s.buckets[i];
      break;
    }
  }
  s.sum += v;
  ++s.count;
}

void HistogramFamily::render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n# TYPE " + name_ + " histogram\n";
  std::lock_guard lock(mu_);
  for (const auto& [lv, s] : series_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
      cumulative += s.buckets[i];
      out += name_ + "_bucket" + labels(label_names_, lv, "le", number(bounds_[i])) + " " +
             std::to_string(cumulative) + "\n";
    }
    out += name_ + "_bucket" + labels(label_names_, lv, "le", "+Inf") + " " +
           std::to_string(s.count) + "\n";
    out += name_ + "_sum" + labels(label_names_, lv) + " " + number(s.sum) + "\n";
    out += name_ + "_count" + labels(label_names_, lv) + " " + std::to_string(s.count) + "\n";
  }
}

std::string Metrics::render() const {
  std::string out;
  http_requests.render(out);
  http_duration.render(out);
  commit_batch.render(out);
  db_errors.render(out);
  return out;
}

}  // namespace lw
