#include "domain/curve.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/text.hpp"

namespace lw::domain {
namespace {

std::string indexed(std::string_view field, std::size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

// --- varints ---------------------------------------------------------------------------------

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool byte(std::uint8_t& out) {
    if (pos_ >= bytes_.size()) {
      return false;
    }
    out = static_cast<std::uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = 0;
      if (!byte(b)) {
        return false;
      }
      if (shift == 63 && b > 1) {
        return false;  // more than 64 bits
      }
      out |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return true;
      }
    }
    return false;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// --- channels --------------------------------------------------------------------------------

std::vector<std::int64_t> quantise(const std::vector<double>& values, double quantum) {
  std::vector<std::int64_t> q;
  q.reserve(values.size());
  for (double v : values) {
    q.push_back(std::llround(v / quantum));
  }
  return q;
}

std::string channel_bytes(const std::vector<std::int64_t>& q, int order) {
  std::string out;
  out.push_back(static_cast<char>(order));
  for (std::size_t i = 0; i < q.size(); ++i) {
    std::int64_t d = q[i];
    if (i >= 1) {
      d = q[i] - q[i - 1];
    }
    if (order == 2 && i >= 2) {
      d -= q[i - 1] - q[i - 2];
    }
    put_varint(out, zigzag(d));
  }
  return out;
}

void put_channel(std::string& out, const std::vector<double>& values, double quantum) {
  const auto q = quantise(values, quantum);
  const std::string first = channel_bytes(q, 1);
  const std::string second = channel_bytes(q, 2);
  out += second.size() < first.size() ? second : first;
}

bool read_channel(Reader& r, std::size_t n, double quantum, std::vector<double>& out) {
  std::uint8_t order = 0;
  if (!r.byte(order) || (order != 1 && order != 2) || r.remaining() < n) {
    return false;
  }
  out.resize(n);
  // Unsigned arithmetic: a hostile input wraps instead of overflowing; validation follows.
  std::uint64_t value = 0;
  std::uint64_t step = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t raw = 0;
    if (!r.varint(raw)) {
      return false;
    }
    const auto d = static_cast<std::uint64_t>(unzigzag(raw));
    if (i == 0) {
      value = d;
    } else if (i == 1 || order == 1) {
      step = d;
      value += step;
    } else {
      step += d;
      value += step;
    }
    out[i] = static_cast<double>(static_cast<std::int64_t>(value)) * quantum;
  }
  return true;
}

// --- CSV ------------------------------------------------------------------------------------

std::vector<std::string_view> split_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(trim_blanks(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return cells;
}

bool parse_number(std::string_view s, double& out) {
  if (s.empty()) {
    return false;
  }
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

std::string_view next_line(std::string_view& rest) {
  const std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

Status validate_curve(const Curve& c, std::string_view field) {
  if (!std::isfinite(c.rate_hz) || c.rate_hz < 0 || c.rate_hz > 1e6) {
    return field_error("rate_hz", "range");
  }
  const std::size_t n = c.t_s.size();
  if (n == 0) {
    return field_error(field, "empty");
  }
  if (n > kMaxCurvePoints) {
    return field_error(field, "too_many");
  }
  if (c.force_kn.size() != n || (!c.disp_mm.empty() && c.disp_mm.size() != n)) {
    return field_error(field, "channels");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double values[3] = {c.t_s[i], c.force_kn[i], c.disp_mm.empty() ? 0.0 : c.disp_mm[i]};
    for (double v : values) {
      if (!std::isfinite(v)) {
        return field_error(indexed(field, i), "not_finite");
      }
      if (std::fabs(v) > kMaxCurveMagnitude) {
        return field_error(indexed(field, i), "range");
      }
    }
    if (i > 0 && c.t_s[i] < c.t_s[i - 1]) {
      return field_error(indexed(field, i), "time_decreasing");
    }
  }
  return {};
}

Status append_curve(Curve& into, const Curve& chunk, std::string_view field) {
  LW_TRY(validate_curve(chunk, field));
  if (into.size() == 0) {
    into = chunk;
    return {};
  }
  if (into.disp_mm.empty() != chunk.disp_mm.empty()) {
    return field_error(field, "channels");
  }
  if (into.size() + chunk.size() > kMaxCurvePoints) {
    return field_error(field, "too_many");
  }
  if (chunk.t_s.front() < into.t_s.back()) {
    return field_error(indexed(field, 0), "time_decreasing");
  }
  into.t_s.insert(into.t_s.end(), chunk.t_s.begin(), chunk.t_s.end());
  into.force_kn.insert(into.force_kn.end(), chunk.force_kn.begin(), chunk.force_kn.end());
  into.disp_mm.insert(into.disp_mm.end(), chunk.disp_mm.begin(), chunk.disp_mm.end());
  return {};
}

Result<Curve> curve_from_points(const std::vector<std::vector<double>>& points, double rate_hz,
                                std::string_view field) {
  if (points.empty()) {
    return field_error(field, "empty");
  }
  if (points.size() > kMaxCurvePoints) {
    return field_error(field, "too_many");
  }
  const std::size_t width = points.front().size();
  Curve c;
  c.rate_hz = rate_hz;
  c.t_s.reserve(points.size());
  c.force_kn.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    if (p.size() != width || (width != 2 && width != 3)) {
      return field_error(indexed(field, i), "width");
    }
    c.t_s.push_back(p[0]);
    c.force_kn.push_back(p[1]);
    if (width == 3) {
      c.disp_mm.push_back(p[2]);
    }
  }
  LW_TRY(validate_curve(c, field));
  return c;
}

Result<Curve> curve_from_csv(std::string_view csv, double rate_hz) {
  if (csv.starts_with("\xEF\xBB\xBF")) {
    csv.remove_prefix(3);  // the byte-order mark spreadsheet programs write
  }
  std::string_view rest = csv;
  std::string_view header;
  while (!rest.empty() && header.empty()) {
    header = trim_blanks(next_line(rest));
  }
  const auto names = split_cells(header);
  std::optional<std::size_t> col_t;
  std::optional<std::size_t> col_f;
  std::optional<std::size_t> col_d;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::optional<std::size_t>* col = names[i] == "t_s"        ? &col_t
                                      : names[i] == "force_kn" ? &col_f
                                      : names[i] == "disp_mm"  ? &col_d
                                                               : nullptr;
    if (col != nullptr) {
      if (*col) {
        return field_error("csv", "header");  // a column named twice
      }
      *col = i;
    }
  }
  if (!col_t || !col_f) {
    return field_error("csv", "header");
  }
  Curve c;
  c.rate_hz = rate_hz;
  std::size_t row = 0;
  while (!rest.empty()) {
    const std::string_view line = next_line(rest);
    if (trim_blanks(line).empty()) {
      continue;
    }
    if (row >= kMaxCurvePoints) {
      return field_error("csv", "too_many");
    }
    const auto cells = split_cells(line);
    if (cells.size() != names.size()) {
      return field_error(indexed("csv", row), "columns");
    }
    double t = 0;
    double f = 0;
    double d = 0;
    if (!parse_number(cells[*col_t], t) || !parse_number(cells[*col_f], f) ||
        (col_d && !parse_number(cells[*col_d], d))) {
      return field_error(indexed("csv", row), "not_a_number");
    }
    c.t_s.push_back(t);
    c.force_kn.push_back(f);
    if (col_d) {
      c.disp_mm.push_back(d);
    }
    ++row;
  }
  LW_TRY(validate_curve(c, "csv"));
  return c;
}

Result<Curve> curve_from_f32le(std::string_view bytes, int channels, double rate_hz) {
  if (channels != 2 && channels != 3) {
    return field_error("channels", "range");
  }
  const std::size_t stride = 4 * static_cast<std::size_t>(channels);
  if (bytes.empty()) {
    return field_error("f32le", "empty");
  }
  if (bytes.size() % stride != 0) {
    return field_error("f32le", "length");
  }
  const std::size_t n = bytes.size() / stride;
  if (n > kMaxCurvePoints) {
    return field_error("f32le", "too_many");
  }
  auto read = [&](std::size_t offset) {
    std::uint32_t bits = 0;
    for (int b = 3; b >= 0; --b) {
      bits = (bits << 8) | static_cast<std::uint8_t>(bytes[offset + static_cast<std::size_t>(b)]);
    }
    return static_cast<double>(std::bit_cast<float>(bits));
  };
  Curve c;
  c.rate_hz = rate_hz;
  c.t_s.reserve(n);
  c.force_kn.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    c.t_s.push_back(read(i * stride));
    c.force_kn.push_back(read(i * stride + 4));
    if (channels == 3) {
      c.disp_mm.push_back(read(i * stride + 8));
    }
  }
  LW_TRY(validate_curve(c, "f32le"));
  return c;
}

std::string encode_curve(const Curve& c) {
  std::string out = "LWC";
  out.push_back(1);
  out.push_back(c.disp_mm.empty() ? 0 : 1);
  put_varint(out, c.size());
  put_varint(out, static_cast<std::uint64_t>(std::llround(c.rate_hz / kRateQuantumHz)));
  put_channel(out, c.t_s, kTimeQuantumS);
  put_channel(out, c.force_kn, kForceQuantumKn);
  if (!c.disp_mm.empty()) {
    put_channel(out, c.disp_mm, kDispQuantumMm);
  }
  return out;
}

Result<Curve> decode_curve(std::string_view bytes) {
  auto bad = [] { return field_error("curve", "malformed"); };
  if (!bytes.starts_with("LWC\x01")) {
    return bad();
  }
  Reader r(bytes.substr(4));
  std::uint8_t flags = 0;
  std::uint64_t n = 0;
  std::uint64_t rate = 0;
  if (!r.byte(flags) || flags > 1 || !r.varint(n) || n == 0 || n > kMaxCurvePoints ||
      !r.varint(rate)) {
    return bad();
  }
  Curve c;
  c.rate_hz = static_cast<double>(rate) * kRateQuantumHz;
  const auto count = static_cast<std::size_t>(n);
  if (!read_channel(r, count, kTimeQuantumS, c.t_s) ||
      !read_channel(r, count, kForceQuantumKn, c.force_kn) ||
      (flags == 1 && !read_channel(r, count, kDispQuantumMm, c.disp_mm)) || r.remaining() != 0) {
    return bad();
  }
  if (!validate_curve(c, "curve")) {
    return bad();
  }
  return c;
}

std::optional<CurvePeak> curve_peak(const Curve& c) {
  if (c.force_kn.empty()) {
    return std::nullopt;
  }
  const auto it = std::max_element(c.force_kn.begin(), c.force_kn.end());
  const auto i = static_cast<std::size_t>(it - c.force_kn.begin());
  return CurvePeak{i, c.t_s[i], *it};
}

std::optional<LoadingRate> loading_rate(const Curve& c, double from, double to) {
  const auto peak = curve_peak(c);
  if (!peak || peak->force_kn <= 0) {
    return std::nullopt;
  }
  const double low = from * peak->force_kn;
  const double high = to * peak->force_kn;
  std::size_t first = 0;
  while (first < peak->index && c.force_kn[first] < low) {
    ++first;
  }
  std::size_t last = first;
  while (last < peak->index && c.force_kn[last] < high) {
    ++last;
  }
  const std::size_t n = last - first + 1;
  if (n < 3 || c.t_s[last] <= c.t_s[first]) {
    return std::nullopt;
  }
  double mt = 0;
  double mf = 0;
  for (std::size_t i = first; i <= last; ++i) {
    mt += c.t_s[i];
    mf += c.force_kn[i];
  }
  mt /= static_cast<double>(n);
  mf /= static_cast<double>(n);
  double stf = 0;
  double stt = 0;
  for (std::size_t i = first; i <= last; ++i) {
    stf += (c.t_s[i] - mt) * (c.force_kn[i] - mf);
    stt += (c.t_s[i] - mt) * (c.t_s[i] - mt);
  }
  return LoadingRate{stf / stt, c.t_s[first], c.t_s[last], n};
}

double stress_rate_mpa_per_s(const LoadingRate& rate, double area_mm2) {
  return rate.kn_per_s * 1000.0 / area_mm2;
}

Curve downsample(const Curve& c, std::size_t max_points) {
  max_points = std::max<std::size_t>(max_points, 4);
  const std::size_t n = c.size();
  if (n <= max_points) {
    return c;
  }
  std::vector<std::size_t> keep{0};
  const std::size_t buckets = (max_points - 2) / 2;
  const std::size_t interior = n - 2;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t begin = 1 + b * interior / buckets;
    const std::size_t end = 1 + (b + 1) * interior / buckets;
    std::size_t lo = begin;
    std::size_t hi = begin;
    for (std::size_t i = begin; i < end; ++i) {
      if (c.force_kn[i] < c.force_kn[lo]) {
        lo = i;
      }
      if (c.force_kn[i] > c.force_kn[hi]) {
        hi = i;
      }
    }
    keep.push_back(std::min(lo, hi));
    if (lo != hi) {
      keep.push_back(std::max(lo, hi));
    }
  }
  keep.push_back(n - 1);
  Curve out;
  out.rate_hz = c.rate_hz;
  for (std::size_t i : keep) {
    out.t_s.push_back(c.t_s[i]);
    out.force_kn.push_back(c.force_kn[i]);
    if (!c.disp_mm.empty()) {
      out.disp_mm.push_back(c.disp_mm[i]);
    }
  }
  return out;
}

}  // namespace lw::domain
