// The demo's labs (issue 5 items 3, 5 and 11): eleven labs of both jurisdictions — one of them
// seated in another province (省外检测机构, JL-1.1) in each — with their registered facts,
// qualification certificates, and about two hundred pieces of equipment with calibrations (most
// valid and verified, some expiring within a month, a few expired). Each part loads what is
// missing, so a later start leaves the data as it is.
#include <boost/json.hpp>

#include "app/application.hpp"
#include "core/log.hpp"
#include "domain/identifiers.hpp"
#include "registry/equipment_registry.hpp"
#include "registry/lab_registry.hpp"
#include "service/ledger_records.hpp"
#include "storage/equipment.hpp"
#include "storage/lab_qualifications.hpp"
#include "storage/labs.hpp"

namespace lw::app {
namespace {

struct DemoLab {
  const char* lab_code;
  const char* name;
  const char* region_code;
  const char* home_region_code;  // where it is seated
  const char* address;
  const char* contact_name;
  const char* contact_phone;
  const char* technical_lead;
  bool sandbox;            // the Pengze lab is still connecting
  const char* issuer;      // of its qualification certificate
  const char* categories;  // comma-separated catalogue codes
};

constexpr DemoLab kLabs[] = {
    {"360402-0001", "九江市建设工程质量检测中心", "360402", "360402", "九江市浔阳区庐山北路 18 号",
     "陈主任", "0792-8221001", "刘建华", false, "江西省住房和城乡建设厅",
     "building_materials,main_structure,foundation,steel_structure,building_energy"},
    {"360430-0002", "彭泽县建科检测有限公司", "360430", "360430", "彭泽县龙城大道 66 号", "周经理",
     "0792-5661002", "黄志强", true, "江西省住房和城乡建设厅", "building_materials,main_structure"},
    {"360402-0002", "九江浔阳建工检测有限公司", "360402", "360402", "九江市浔阳区浔阳东路 9 号",
     "吴经理", "0792-8221003", "徐海", false, "江西省住房和城乡建设厅",
     "building_materials,main_structure,building_energy"},
    {"360403-0001", "九江濂溪华正检测技术有限公司", "360403", "360403",
     "九江市濂溪区十里大道 120 号", "邓经理", "0792-8331004", "孙立", false,
     "江西省住房和城乡建设厅", "foundation,road,bridge_underground,municipal_materials"},
    {"360481-0001", "瑞昌市建设工程质量检测站", "360481", "360481", "瑞昌市湓城街道 28 号",
     "胡站长", "0792-4221005", "朱文", false, "江西省住房和城乡建设厅",
     "building_materials,main_structure"},
    {"360402-0003", "湖北鄂东工程检测有限公司九江分公司", "360402", "420202",
     "九江市浔阳区长江大道 300 号", "郑经理", "0792-8221006", "冯刚", false,
     "湖北省住房和城乡建设厅", "steel_structure,foundation,curtain_wall"},
    {"220102-0001", "吉林省建设工程检测院", "220102", "220102", "长春市南关区人民大街 1 号",
     "赵主任", "0431-8561007", "王立新", false, "吉林省住房和城乡建设厅",
     "building_materials,main_structure,foundation,steel_structure,building_energy,curtain_wall"},
    {"220202-0003", "吉林市建研检测有限公司", "220202", "220202", "吉林市昌邑区解放北路 45 号",
     "钱经理", "0432-6221008", "李明", false, "吉林省住房和城乡建设厅",
     "building_materials,main_structure,building_energy"},
    {"220104-0001", "长春建科检测有限公司", "220104", "220104", "长春市朝阳区西安大路 800 号",
     "孙经理", "0431-8561009", "周军", false, "吉林省住房和城乡建设厅",
     "building_materials,road,bridge_underground,municipal_materials"},
    {"220302-0001", "四平市建筑工程质量检测中心", "220302", "220302", "四平市铁西区英雄大街 12 号",
     "杨主任", "0434-3221010", "吴强", false, "吉林省住房和城乡建设厅",
     "building_materials,main_structure,foundation"},
    {"220102-0002", "辽宁辽建工程检测有限公司吉林分公司", "220102", "210102",
     "长春市南关区亚泰大街 500 号", "马经理", "0431-8561011", "韩冰", false,
     "辽宁省住房和城乡建设厅", "main_structure,steel_structure,foundation"},
};

struct DemoEquipment {
  const char* name;
  const char* model;
  const char* category;
  const char* measuring_range;
  bool auto_collect;
};

constexpr DemoEquipment kEquipment[] = {
    {"微机控制电液伺服压力试验机", "YAW-2000", "力学", "0-2000 kN", true},
    {"微机控制电液伺服万能试验机", "WAW-1000B", "力学", "0-1000 kN", true},
    {"电子万能试验机", "WDW-100", "力学", "0-100 kN", true},
    {"全自动恒应力压力试验机", "YAW-300C", "力学", "0-300 kN", true},
    {"水泥胶砂振实台", "ZS-15", "水泥", "振幅 15 mm", false},
    {"水泥净浆搅拌机", "NJ-160A", "水泥", "—", false},
    {"混凝土标准养护箱", "SHBY-40B", "养护", "20±2 ℃, ≥95%RH", true},
    {"混凝土回弹仪", "HT-225", "现场检测", "10-60 MPa", false},
    {"一体式数字回弹仪", "ZC3-A", "现场检测", "10-60 MPa", true},
    {"钢筋扫描仪", "GW50A", "现场检测", "保护层 6-200 mm", true},
    {"非金属超声检测仪", "ZBL-U520", "现场检测", "0.1-4000 μs", true},
    {"基桩动测仪", "RS-1616K", "地基基础", "0-20 kHz", true},
    {"静载荷测试仪", "RS-JYC", "地基基础", "0-60 MPa", true},
    {"电子天平", "JJ2000", "计量", "0-2000 g", false},
    {"电热鼓风干燥箱", "101-2A", "环境", "室温-300 ℃", false},
    {"导热系数测定仪", "DRCD-3030", "建筑节能", "0.015-2.0 W/(m·K)", true},
    {"锚杆拉拔仪", "ZY-30", "现场检测", "0-300 kN", true},
    {"负压筛析仪", "FSY-150B", "水泥", "-4000 至 -6000 Pa", false},
    {"超声波探伤仪", "CTS-9006", "钢结构", "0-10000 mm", true},
};

constexpr int kEquipmentPerLab = 18;  // 11 labs: 198 pieces

std::string credit_code_of(int i) {
  const std::string code = "91" + std::to_string(360400 + i % 100) + "MA" +
                           std::to_string(1234567 + 7919 * (i % 1000));  // 17 symbols
  return code + domain::credit_code_check(code);
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

domain::Date day_offset(Instant now, int days) {
  return domain::Date{std::chrono::sys_days{domain::shanghai_date(now)} + std::chrono::days(days)};
}

const char* regulator_of(std::string_view lab_code) {
  return lab_code.starts_with("36") ? "jj-regulator" : "jl-regulator";
}

/// How many days from today the `k`-th piece's calibration runs: most well ahead, every tenth
/// within a month (expiring), every twenty-fifth already past (expired).
int calibration_days(int k) {
  if (k % 25 == 7) {
    return -3 - k % 40;
  }
  if (k % 10 == 3) {
    return 2 + k % 27;
  }
  return 45 + (k * 37) % 300;
}

Result<std::int64_t> count(storage::Connection& conn, const char* table) {
  auto rows = conn.query(std::string("SELECT COUNT(*) FROM ") + table, {});
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

}  // namespace

Status Application::load_demo_labs(Instant now) {
  std::int64_t certificates = 0;
  std::int64_t equipment = 0;
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    // Labs: registered, then (for a lab in sandbox mode) switched: two versions in the ledger.
    for (int i = 0; i < static_cast<int>(std::size(kLabs)); ++i) {
      const DemoLab& d = kLabs[i];
      auto present = storage::find_lab(conn, domain::Scope::all(), d.lab_code);
      if (!present) {
        return std::move(present).error();
      }
      if (*present) {
        continue;
      }
      domain::Lab lab{d.lab_code, d.name, d.region_code, false, now};
      lab.credit_code = credit_code_of(i);
      lab.address = d.address;
      lab.contact_name = d.contact_name;
      lab.contact_phone = d.contact_phone;
      lab.technical_lead = d.technical_lead;
      lab.home_region_code = d.home_region_code;
      LW_TRY(storage::insert_lab(conn, lab));
      auto registered = service::record_lab_version(
          conn, *ledger_, {lab, 1, "sysadmin", now, "registered 登记", {}});
      if (!registered) {
        return std::move(registered).error();
      }
      if (d.sandbox) {
        lab.sandbox = true;
        LW_TRY(storage::set_lab_sandbox(conn, lab.lab_code, true));
        auto switched = service::record_lab_version(
            conn, *ledger_,
            {lab, 1, "jj-regulator", now, "联调期间开启沙箱 sandbox for LIMS integration", {}});
        if (!switched) {
          return std::move(switched).error();
        }
      }
    }
    // Certificates, when there are none yet.
    auto certs = count(conn, "lab_qualifications");
    if (!certs) {
      return std::move(certs).error();
    }
    if (*certs == 0) {
      for (int i = 0; i < static_cast<int>(std::size(kLabs)); ++i) {
        const DemoLab& d = kLabs[i];
        domain::Qualification q;
        q.lab_code = d.lab_code;
        q.number = std::string(std::string_view(d.lab_code).starts_with("36") ? "赣" : "吉") +
                   "建检资字第 " + std::to_string(2024000 + i * 13) + " 号";
        q.issuer = d.issuer;
        q.categories = split(d.categories);
        q.parameters = {"混凝土抗压强度", "钢筋屈服强度", "钢筋抗拉强度", "水泥胶砂强度",
                        "砂浆抗压强度"};
        q.valid_from = day_offset(now, -400 - 30 * i);
        q.valid_until = day_offset(now, 900 + 60 * i);
        q.updated_at = now;
        auto id = storage::insert_qualification(conn, q);
        if (!id) {
          return std::move(id).error();
        }
        q.id = *id;
        auto record = registry::qualification_json(q, now);
        record.erase("in_force");
        record["reason"] = "certificate registered 登记资质证书";
        auto version =
            service::record_registry_version(conn, *ledger_,
                                             {registry::kQualificationType, std::to_string(q.id),
                                              q.lab_code, record, "sysadmin", now});
        if (!version) {
          return std::move(version).error();
        }
        ++certificates;
      }
    }
    // Equipment, when there is none yet.
    auto pieces = count(conn, "equipment");
    if (!pieces) {
      return std::move(pieces).error();
    }
    if (*pieces == 0) {
      int k = 0;
      for (const DemoLab& d : kLabs) {
        for (int j = 0; j < kEquipmentPerLab; ++j, ++k) {
          const DemoEquipment& t = kEquipment[(j + k / kEquipmentPerLab) % std::size(kEquipment)];
          registry::EquipmentDetail detail;
          domain::Equipment& e = detail.equipment;
          e.lab_code = d.lab_code;
          e.name = t.name;
          e.model = t.model;
          e.serial = std::string(t.model) + "-" + std::to_string(20190000 + k * 37);
          e.category = t.category;
          e.measuring_range = t.measuring_range;
          e.auto_collect = t.auto_collect;
          e.updated_at = now;
          auto id = storage::insert_equipment(conn, e);
          if (!id) {
            return std::move(id).error();
          }
          e.id = *id;
          const int days = calibration_days(k);
          domain::Calibration c{0,
                                e.id,
                                "JL" + std::to_string(2025000000 + k * 101),
                                std::string_view(d.lab_code).starts_with("36")
                                    ? "九江市计量测试所"
                                    : "吉林省计量科学研究院",
                                day_offset(now, days - 365),
                                day_offset(now, days),
                                now};
          auto cid = storage::insert_calibration(conn, c);
          if (!cid) {
            return std::move(cid).error();
          }
          c.id = *cid;
          e.calibrated_until = c.valid_until;
          detail.calibrations.push_back(c);
          // Most are verified; every seventh awaits the regulator, one in forty was rejected.
          if (k % 40 == 11) {
            e.verification = domain::Verification::rejected;
            e.verification_note = "铭牌编号与证书不符 plate does not match the certificate";
          } else if (k % 7 != 5) {
            e.verification = domain::Verification::verified;
            e.verification_note = "现场核验 checked on site";
          }
          if (e.verification != domain::Verification::unverified) {
            e.verified_by = regulator_of(d.lab_code);
            e.verified_at = now;
            LW_TRY(storage::update_equipment(conn, e));
          }
          boost::json::object record = registry::equipment_detail_json(detail, now);
          for (const char* judged :
               {"calibration_status", "usable", "calibrated_until", "updated_at"}) {
            record.erase(judged);
          }
          record["reason"] = "demo 演示数据登记";
          auto version =
              service::record_registry_version(conn, *ledger_,
                                               {registry::kEquipmentType, std::to_string(e.id),
                                                e.lab_code, record, "sysadmin", now});
          if (!version) {
            return std::move(version).error();
          }
          ++equipment;
        }
      }
    }
    return {};
  }));
  if (certificates + equipment > 0) {
    log::info("demo_loaded", {{"certificates", certificates}, {"equipment", equipment}});
  }
  return {};
}

}  // namespace lw::app
