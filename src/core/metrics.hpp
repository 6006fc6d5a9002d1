#pragma once
// A small Prometheus registry: labelled counters and histograms, rendered in the text
// exposition format for GET /metrics. Per process; a scraper sums instances.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lw {

class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  void inc(const std::vector<std::string>& label_values, double by = 1);
  void render(std::string& out) const;
  double value(const std::vector<std::string>& label_values) const;

 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, double> values_;
};

class HistogramFamily {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<double> bounds,
                  std::vector<std::string> label_names);
  void observe(const std::vector<std::string>& label_values, double v);
  void render(std::string& out) const;

 private:
  struct Series {
    std::vector<std::uint64_t> buckets;  // cumulative counts are computed when rendering
    double sum = 0;
    std::uint64_t count = 0;
  };
  std::string name_, help_;
  std::vector<double> bounds_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, Series> series_;
};

/// The platform's metrics; one instance per server process.
struct Metrics {
  CounterFamily http_requests{
      "labwatch_http_requests_total", "HTTP requests answered", {"method", "route", "status"}};
  HistogramFamily http_duration{
      "labwatch_http_request_duration_seconds",
      "Time from request head to response written",
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
      {"route"}};
  HistogramFamily commit_batch{"labwatch_commit_batch_size",
                               "Writes committed together in one durable transaction",
                               {1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
                               {}};
  CounterFamily db_errors{
      "labwatch_db_errors_total", "Database operations that failed", {"engine", "operation"}};

  std::string render() const;
};

}  // namespace lw
