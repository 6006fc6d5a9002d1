// The procedural construction site of photo_samples: a scene in world coordinates from its
// seed, a shot (camera position and light) on it, painted rectangle by rectangle, then exposed:
// world-anchored texture, vignetting, the light's gain and tint, sensor noise.
#include "photos/site_scene.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lw::photos::samples {
namespace {

// --- randomness -------------------------------------------------------------------------------

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform(double lo = 0, double hi = 1) {
    return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53;
  }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % std::uint64_t(hi - lo + 1)); }
  bool coin() { return (next() & 1) != 0; }
};

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  Rng r{a ^ (b * 0xD1B54A32D192ED03ULL)};
  return r.next();
}

// --- the scene, in world coordinates: u across 0 … 2, v down 0 … 1.5 --------------------------

constexpr double kWorldW = 2.0;
constexpr double kWorldH = 1.5;

struct Rgb {
  float r, g, b;
};
Rgb operator*(Rgb c, float k) {
  return {c.r * k, c.g * k, c.b * k};
}
Rgb grey(float v, float warm = 0) {
  return {v + warm, v, v - warm};
}

enum Material : std::uint8_t { kSky, kConcrete, kGround, kMetal };

// A rectangle in the world at a parallax: 1 on the plane the camera aims at, below 1 further
// away (moving less when the camera steps aside), above 1 nearer.
struct Box {
  double u0, v0, u1, v1;
  double parallax = 1;
};
struct Column {
  Box face;
  double depth;  // the side face's width
  Rgb colour;
};
struct Wall {
  Box box;
  Rgb colour;
  double panel_u, panel_v;  // formwork panel size
};
struct Cage {
  Box box;
  double step_u, step_v, bar;
};
struct Pole {
  Box box;
  Rgb colour;
};
struct Stain {
  double u, v, ru, rv;
  float k;
};

struct Scene {
  double horizon;
  Rgb sky_top, sky_low, ground_far, ground_near;
  double slab = 0;  // the floor slab's underside, 0 for none
  Rgb slab_colour;
  std::vector<Wall> walls;
  std::vector<Column> columns;
  std::vector<Cage> cages;
  std::vector<Pole> poles;
  std::vector<Stain> stains;
  std::size_t label_column = 0;
};

Scene make_scene(std::uint64_t seed) {
  Rng r{mix(seed, 1)};
  Scene s;
  s.horizon = r.uniform(0.8, 1.1);
  const bool overcast = r.coin();
  s.sky_top = overcast ? grey(static_cast<float>(r.uniform(170, 200)))
                       : Rgb{static_cast<float>(r.uniform(70, 110)),
                             static_cast<float>(r.uniform(130, 160)), 215};
  s.sky_low = overcast ? grey(static_cast<float>(r.uniform(205, 230)))
                       : Rgb{static_cast<float>(r.uniform(185, 210)), 215, 232};
  const float dirt = static_cast<float>(r.uniform(95, 140));
  s.ground_far = grey(dirt + 25, static_cast<float>(r.uniform(0, 18)));
  s.ground_near = grey(dirt - 20, static_cast<float>(r.uniform(5, 22)));
  if (r.uniform() < 0.7) {
    s.slab = r.uniform(0.12, 0.35);
    s.slab_colour = grey(static_cast<float>(r.uniform(70, 105)), 2);
  }
  const int walls = r.between(1, 3);
  for (int i = 0; i < walls; ++i) {
    const double u0 = r.uniform(0, 1.5);
    s.walls.push_back(
        {{u0, r.uniform(s.slab, s.horizon - 0.3), u0 + r.uniform(0.3, 0.9),
          s.horizon + r.uniform(0.0, 0.05)},
         grey(static_cast<float>(r.uniform(150, 195)), static_cast<float>(r.uniform(0, 6))),
         r.uniform(0.08, 0.16),
         r.uniform(0.05, 0.1)});
  }
  const int cages = r.between(1, 2);
  for (int i = 0; i < cages; ++i) {
    const double u0 = r.uniform(0.1, 1.6);
    const double v1 = s.horizon + r.uniform(0.0, 0.08);
    s.cages.push_back({{u0, v1 - r.uniform(0.25, 0.6), u0 + r.uniform(0.12, 0.35), v1},
                       r.uniform(0.014, 0.03),
                       r.uniform(0.03, 0.06),
                       r.uniform(0.003, 0.005)});
  }
  const int columns = r.between(3, 6);
  double u = r.uniform(0.05, 0.25);
  for (int i = 0; i < columns && u < kWorldW - 0.1; ++i) {
    const double w = r.uniform(0.06, 0.15);
    s.columns.push_back(
        {{u, s.slab, u + w, s.horizon + r.uniform(0.02, 0.12)},
         w * r.uniform(0.3, 0.6),
         grey(static_cast<float>(r.uniform(140, 190)), static_cast<float>(r.uniform(0, 8)))});
    u += w + r.uniform(0.15, 0.45);
  }
  // The label plate goes on the column nearest the middle: what the photo is about.
  double best = 1e9;
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    const double d = std::abs((s.columns[i].face.u0 + s.columns[i].face.u1) / 2 - 1.0);
    if (d < best) {
      best = d;
      s.label_column = i;
    }
  }
  const int poles = r.between(2, 6);
  const Rgb paint[] = {{200, 160, 30}, {40, 90, 170}, {150, 150, 150}, {190, 60, 40}};
  for (int i = 0; i < poles; ++i) {
    const double pu = r.uniform(0, kWorldW);
    const double t = r.uniform(0.006, 0.01);
    const Rgb c = paint[r.between(0, 3)];
    if (r.coin()) {
      s.poles.push_back({{pu, r.uniform(0, 0.4), pu + t, s.horizon + r.uniform(0, 0.1)}, c});
    } else {
      const double pv = r.uniform(s.slab, s.horizon);
      s.poles.push_back({{pu - r.uniform(0.2, 0.7), pv, pu + r.uniform(0.2, 0.7), pv + t}, c});
    }
  }
  const int stains = r.between(6, 16);
  for (int i = 0; i < stains; ++i) {
    s.stains.push_back({r.uniform(0, kWorldW), r.uniform(s.slab, s.horizon), r.uniform(0.01, 0.06),
                        r.uniform(0.01, 0.08), static_cast<float>(r.uniform(0.7, 0.9))});
  }
  // Depth: the walls behind, the columns around the labelled one (the camera's aim), the
  // scaffold anywhere.
  Rng depth{mix(seed, 5)};
  for (auto& wall : s.walls) {
    wall.box.parallax = depth.uniform(0.45, 0.8);
  }
  for (auto& cage : s.cages) {
    cage.box.parallax = depth.uniform(0.7, 1.1);
  }
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    s.columns[i].face.parallax = i == s.label_column ? 1 : depth.uniform(0.8, 1.6);
  }
  for (auto& pole : s.poles) {
    pole.box.parallax = depth.uniform(0.6, 1.8);
  }
  return s;
}

// --- a shot: where the camera stands and the light ----------------------------------------------

struct Shot {
  double cu, cv, view_w;  // the view's centre and width, world units
  double pan = 0;         // cu's step from the first shot
  float exposure;
  int sun;  // +1 from the left, -1 from the right
  float shade;
  Rgb tint;
  std::uint64_t noise_seed;
};

Shot make_shot(std::uint64_t seed, int shot, const Scene& scene) {
  Rng r{mix(seed, 2)};
  Shot s;
  s.cu = r.uniform(0.9, 1.1);
  s.cv = scene.horizon - r.uniform(0.15, 0.3);
  s.view_w = r.uniform(1.2, 1.5);
  s.exposure = static_cast<float>(r.uniform(0.92, 1.08));
  s.sun = r.coin() ? 1 : -1;
  s.shade = static_cast<float>(r.uniform(0.55, 0.7));
  s.tint = {static_cast<float>(r.uniform(0.97, 1.04)), 1,
            static_cast<float>(r.uniform(0.96, 1.03))};
  if (shot > 0) {
    // A step aside, a little closer or further, the light changed (a cloud, another hour).
    Rng k{mix(seed, 100 + static_cast<std::uint64_t>(shot))};
    s.pan = (k.coin() ? 1 : -1) * k.uniform(0.1, 0.22) * s.view_w;
    s.cu += s.pan;
    s.cv += k.uniform(-0.06, 0.06);
    s.view_w *= k.coin() ? k.uniform(0.8, 0.92) : k.uniform(1.08, 1.2);
    s.exposure *= static_cast<float>(k.coin() ? k.uniform(0.72, 0.85) : k.uniform(1.15, 1.3));
    if (k.coin()) {
      s.sun = -s.sun;
    }
    s.shade = static_cast<float>(k.uniform(0.5, 0.8));
    s.tint = {static_cast<float>(k.uniform(0.94, 1.06)), 1,
              static_cast<float>(k.uniform(0.94, 1.06))};
  }
  s.noise_seed = mix(seed, 1000 + static_cast<std::uint64_t>(shot));
  return s;
}

// --- painting ---------------------------------------------------------------------------------

struct Canvas {
  int w, h;
  double u0, v0, step;  // pixel (x, y) shows world (u0 + (x + .5) step, v0 + (y + .5) step)
  double pan = 0;       // how far the camera stepped aside from the first shot, world units
  std::vector<std::uint8_t> rgb;
  std::vector<std::uint8_t> material;

  int px(double u) const {
    return std::clamp(static_cast<int>(std::lround((u - u0) / step)), 0, w);
  }
  int py(double v) const {
    return std::clamp(static_cast<int>(std::lround((v - v0) / step)), 0, h);
  }

  void put(std::size_t i, Rgb c, Material m) {
    rgb[3 * i] = static_cast<std::uint8_t>(std::clamp(c.r, 0.f, 255.f));
    rgb[3 * i + 1] = static_cast<std::uint8_t>(std::clamp(c.g, 0.f, 255.f));
    rgb[3 * i + 2] = static_cast<std::uint8_t>(std::clamp(c.b, 0.f, 255.f));
    material[i] = m;
  }

  // At least one pixel wide and high, so thin things stay visible at small sizes.
  void fill(const Box& b, Rgb c, Material m) {
    const double shift = pan * (1 - b.parallax);
    int x0 = px(b.u0 + shift), x1 = px(b.u1 + shift), y0 = py(b.v0), y1 = py(b.v1);
    if (x1 == x0 && x0 < w && b.u1 > u0) {
      ++x1;
    }
    if (y1 == y0 && y0 < h && b.v1 > v0) {
      ++y1;
    }
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        put(std::size_t(y) * w + x, c, m);
      }
    }
  }

  void darken_ellipse(const Stain& s) {
    const int x0 = px(s.u - s.ru), x1 = px(s.u + s.ru), y0 = py(s.v - s.rv), y1 = py(s.v + s.rv);
    for (int y = y0; y < y1; ++y) {
      const double dv = (v0 + (y + 0.5) * step - s.v) / s.rv;
      for (int x = x0; x < x1; ++x) {
        const double du = (u0 + (x + 0.5) * step - s.u) / s.ru;
        const std::size_t i = std::size_t(y) * w + x;
        if (du * du + dv * dv <= 1 && material[i] == kConcrete) {
          for (int c = 0; c < 3; ++c) {
            rgb[3 * i + c] = static_cast<std::uint8_t>(rgb[3 * i + c] * s.k);
          }
        }
      }
    }
  }
};

// The component label plate: white, a red border, the id in blocky dark marks.
void paint_label(Canvas& cv, const Column& col, const std::string& label) {
  const double cw = col.face.u1 - col.face.u0;
  const double pw = std::min(0.8 * cw, 0.09);
  const double ph = pw * 0.5;
  const double pu = (col.face.u0 + col.face.u1 - pw) / 2;
  const double pv = (col.face.v0 + col.face.v1) / 2 - ph;
  cv.fill({pu, pv, pu + pw, pv + ph}, {180, 35, 30}, kMetal);
  const double border = ph * 0.08;
  cv.fill({pu + border, pv + border, pu + pw - border, pv + ph - border}, {236, 236, 230}, kMetal);
  const std::size_t n = std::max<std::size_t>(1, label.size());
  const double cell = (pw - 4 * border) / static_cast<double>(n);
  const double dot_u = cell / 6;
  const double dot_v = (ph - 4 * border) / 7;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const std::uint64_t glyph = mix(static_cast<unsigned char>(label[i]), 77);
    for (int gy = 0; gy < 7; ++gy) {
      for (int gx = 0; gx < 5; ++gx) {
        if ((glyph >> (gy * 5 + gx)) & 1) {
          const double u = pu + 2 * border + static_cast<double>(i) * cell + gx * dot_u;
          const double v = pv + 2 * border + gy * dot_v;
          cv.fill({u, v, u + dot_u, v + dot_v}, {30, 30, 35}, kMetal);
        }
      }
    }
  }
}

void paint(Canvas& cv, const Scene& s, const Shot& shot, const std::string& label) {
  // Sky and ground, by height in the world.
  for (int y = 0; y < cv.h; ++y) {
    const double v = cv.v0 + (y + 0.5) * cv.step;
    Rgb c;
    Material m;
    if (v < s.horizon) {
      const float t = static_cast<float>(std::clamp(v / s.horizon, 0.0, 1.0));
      c = {s.sky_top.r + (s.sky_low.r - s.sky_top.r) * t,
           s.sky_top.g + (s.sky_low.g - s.sky_top.g) * t,
           s.sky_top.b + (s.sky_low.b - s.sky_top.b) * t};
      m = kSky;
    } else {
      const float t =
          static_cast<float>(std::clamp((v - s.horizon) / (kWorldH - s.horizon), 0.0, 1.0));
      c = {s.ground_far.r + (s.ground_near.r - s.ground_far.r) * t,
           s.ground_far.g + (s.ground_near.g - s.ground_far.g) * t,
           s.ground_far.b + (s.ground_near.b - s.ground_far.b) * t};
      m = kGround;
    }
    for (int x = 0; x < cv.w; ++x) {
      cv.put(std::size_t(y) * cv.w + x, c, m);
    }
  }
  for (const auto& wall : s.walls) {
    cv.fill(wall.box, wall.colour, kConcrete);
    const Rgb line = wall.colour * 0.8f;
    const double t = 0.0025;
    for (double u = wall.box.u0 + wall.panel_u; u < wall.box.u1; u += wall.panel_u) {
      cv.fill({u, wall.box.v0, u + t, wall.box.v1, wall.box.parallax}, line, kConcrete);
    }
    for (double v = wall.box.v0 + wall.panel_v; v < wall.box.v1; v += wall.panel_v) {
      cv.fill({wall.box.u0, v, wall.box.u1, v + t, wall.box.parallax}, line, kConcrete);
    }
  }
  const Rgb rust{112, 62, 42};
  for (const auto& cage : s.cages) {
    for (double u = cage.box.u0; u < cage.box.u1; u += cage.step_u) {
      cv.fill({u, cage.box.v0, u + cage.bar, cage.box.v1, cage.box.parallax}, rust, kMetal);
    }
    for (double v = cage.box.v0; v < cage.box.v1; v += cage.step_v) {
      cv.fill({cage.box.u0, v, cage.box.u1, v + cage.bar * 0.7, cage.box.parallax}, rust * 0.85f,
              kMetal);
    }
  }
  if (s.slab > 0) {
    cv.fill({0, 0, kWorldW, s.slab}, s.slab_colour, kConcrete);
    cv.fill({0, s.slab - 0.012, kWorldW, s.slab}, s.slab_colour * 1.3f, kConcrete);
  }
  for (const auto& col : s.columns) {
    // The shadow on the ground, away from the sun.
    const double len = 0.25 * (col.face.u1 - col.face.u0) / 0.1;
    const double base = col.face.v1;
    const Box shadow =
        shot.sun > 0
            ? Box{col.face.u1, base - 0.02, col.face.u1 + len, base + 0.01, col.face.parallax}
            : Box{col.face.u0 - len, base - 0.02, col.face.u0, base + 0.01, col.face.parallax};
    cv.fill(shadow, s.ground_far * 0.62f, kGround);
  }
  for (const auto& col : s.columns) {
    // The camera sees the side facing it; that side is lit when the sun is on it too.
    const bool right_side = (col.face.u0 + col.face.u1) / 2 < shot.cu;
    const bool lit_side = right_side == (shot.sun < 0);
    const float face = lit_side ? shot.shade + 0.15f : 1.0f;
    const float side = lit_side ? 1.0f : shot.shade;
    cv.fill(col.face, col.colour * face, kConcrete);
    const Box side_box = right_side ? Box{col.face.u1, col.face.v0, col.face.u1 + col.depth,
                                          col.face.v1 - 0.01, col.face.parallax}
                                    : Box{col.face.u0 - col.depth, col.face.v0, col.face.u0,
                                          col.face.v1 - 0.01, col.face.parallax};
    cv.fill(side_box, col.colour * side, kConcrete);
  }
  for (const auto& stain : s.stains) {
    cv.darken_ellipse(stain);
  }
  for (const auto& pole : s.poles) {
    cv.fill(pole.box, pole.colour, kMetal);
  }
  if (!s.columns.empty()) {
    paint_label(cv, s.columns[s.label_column], label);
  }
}

// World-anchored value noise on a grid of `cell` world units, bilinear between its points.
struct NoiseGrid {
  int nu, nv;
  double cell;
  std::vector<float> values;
  NoiseGrid(std::uint64_t seed, double cell_size) : cell(cell_size) {
    nu = static_cast<int>(kWorldW / cell) + 2;
    nv = static_cast<int>(kWorldH / cell) + 2;
    Rng r{seed};
    values.resize(std::size_t(nu) * nv);
    for (auto& v : values) {
      v = static_cast<float>(r.uniform(-1, 1));
    }
  }
  struct Axis {
    std::vector<int> at;
    std::vector<float> frac;
  };
  Axis axis(double origin, double step, int n, int size) const {
    Axis a;
    a.at.resize(static_cast<std::size_t>(n));
    a.frac.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const double g = std::clamp((origin + (i + 0.5) * step) / cell, 0.0, size - 1.001);
      a.at[static_cast<std::size_t>(i)] = static_cast<int>(g);
      a.frac[static_cast<std::size_t>(i)] = static_cast<float>(g - std::floor(g));
    }
    return a;
  }
};

// Light, texture, vignetting and sensor noise over the painted canvas, into the image.
void expose(Canvas& cv, std::uint64_t scene_seed, const Shot& shot, Image& out) {
  const NoiseGrid fine(mix(scene_seed, 3), 0.004);
  const NoiseGrid coarse(mix(scene_seed, 4), 0.05);
  const auto fu = fine.axis(cv.u0, cv.step, cv.w, fine.nu);
  const auto fv = fine.axis(cv.v0, cv.step, cv.h, fine.nv);
  const auto cu = coarse.axis(cv.u0, cv.step, cv.w, coarse.nu);
  const auto cvv = coarse.axis(cv.v0, cv.step, cv.h, coarse.nv);
  std::vector<float> vignette_x(static_cast<std::size_t>(cv.w));
  for (int x = 0; x < cv.w; ++x) {
    const double d = (x + 0.5) / cv.w * 2 - 1;
    vignette_x[static_cast<std::size_t>(x)] = static_cast<float>(1 - 0.12 * d * d);
  }
  constexpr float kFine[] = {0.015f, 0.07f, 0.12f, 0.03f};
  constexpr float kCoarse[] = {0.06f, 0.1f, 0.12f, 0.02f};
  const float gain[3] = {shot.exposure * shot.tint.r, shot.exposure * shot.tint.g,
                         shot.exposure * shot.tint.b};
  constexpr float kSigma = 2.4f / 104.5f;  // the sum of two bytes has a deviation of 104.5
  Rng noise{shot.noise_seed};
  out = Image{cv.w, cv.h, 3, std::move(cv.rgb)};
  auto lerp = [](const NoiseGrid& g, int iu, float fu_, int iv, float fv_) {
    const float* r0 = g.values.data() + std::size_t(iv) * g.nu + iu;
    const float* r1 = r0 + g.nu;
    const float a = r0[0] + (r0[1] - r0[0]) * fu_;
    const float b = r1[0] + (r1[1] - r1[0]) * fu_;
    return a + (b - a) * fv_;
  };
  for (int y = 0; y < cv.h; ++y) {
    const double dy = (y + 0.5) / cv.h * 2 - 1;
    const float vy = static_cast<float>(1 - 0.12 * dy * dy);
    std::uint8_t* p = out.row(y);
    const std::uint8_t* mat = cv.material.data() + std::size_t(y) * cv.w;
    const auto yi = static_cast<std::size_t>(y);
    for (int x = 0; x < cv.w; ++x, p += 3) {
      const auto xi = static_cast<std::size_t>(x);
      const int m = mat[x];
      const float t = 1 + kFine[m] * lerp(fine, fu.at[xi], fu.frac[xi], fv.at[yi], fv.frac[yi]) +
                      kCoarse[m] * lerp(coarse, cu.at[xi], cu.frac[xi], cvv.at[yi], cvv.frac[yi]);
      const float k = t * vy * vignette_x[xi];
      const std::uint64_t bits = noise.next();
      for (int c = 0; c < 3; ++c) {
        const int n = static_cast<int>((bits >> (16 * c)) & 0xFF) +
                      static_cast<int>((bits >> (16 * c + 8)) & 0xFF) - 255;
        const float v = p[c] * k * gain[c] + static_cast<float>(n) * kSigma;
        p[c] = static_cast<std::uint8_t>(std::clamp(v, 0.f, 255.f));
      }
    }
  }
}

}  // namespace

Image render_site(std::uint64_t seed, int shot_no, int width, int height,
                  const std::string& label) {
  const Scene scene = make_scene(seed);
  const Shot shot = make_shot(seed, shot_no, scene);
  Canvas cv;
  cv.w = width;
  cv.h = height;
  // The view: at most the world, centred where the shot looks.
  double view_w = std::min({shot.view_w, kWorldW, kWorldH * width / height});
  const double view_h = view_w * height / width;
  cv.step = view_w / width;
  cv.u0 = std::clamp(shot.cu - view_w / 2, 0.0, kWorldW - view_w);
  cv.v0 = std::clamp(shot.cv - view_h / 2, 0.0, kWorldH - view_h);
  cv.pan = shot.pan;
  cv.rgb.resize(std::size_t(width) * height * 3);
  cv.material.resize(std::size_t(width) * height);
  paint(cv, scene, shot, label);
  Image out;
  expose(cv, seed, shot, out);
  return out;
}

}  // namespace lw::photos::samples
