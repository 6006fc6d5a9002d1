// The demo's organisations other than labs (issue 5 item 2): construction units, contractors,
// supervision companies and ready-mix plants of both jurisdictions. Credit codes are made up;
// their check characters are computed (GB 32100), except one the system admin admitted with an
// override reason. Idempotent: an organisation whose credit code is registered is skipped.
#include <boost/json/serialize.hpp>

#include "app/application.hpp"
#include "core/log.hpp"
#include "domain/identifiers.hpp"
#include "service/ledger_records.hpp"
#include "storage/organisations.hpp"

namespace lw::app {
namespace {

using Kind = domain::OrganisationKind;

struct DemoOrganisation {
  Kind kind;
  const char* name;
  const char* region_code;
  const char* serial;  // 7 symbols of the credit code after "91<region>MA"
  const char* address;
  const char* contact_name;
  const char* contact_phone;
  const char* override_reason;  // null: the check character holds
};

constexpr DemoOrganisation kOrganisations[] = {
    // Jiujiang 九江市 (3604xx): the Jiujiang notice applies.
    {Kind::construction_unit, "九江市城市发展集团有限公司", "360403", "DEM0001",
     "九江市浔阳区长虹大道 18 号", "刘建国", "0792-8221001", nullptr},
    {Kind::construction_unit, "九江市八里湖新区开发建设有限公司", "360402", "DEM0002",
     "九江市濂溪区八里湖大道 66 号", "陈立", "0792-8221002", nullptr},
    {Kind::construction_unit, "瑞昌市城市建设投资有限公司", "360481", "DEM0003",
     "瑞昌市湓城街道赛湖大道 9 号", "黄明", "0792-4221003", nullptr},
    {Kind::construction_unit, "彭泽县城乡建设投资有限公司", "360430", "DEM0004",
     "彭泽县龙城镇滨江路 2 号", "周宇", "0792-5621004", nullptr},
    {Kind::contractor, "江西九江建设工程集团有限公司", "360402", "DEM0005",
     "九江市濂溪区十里大道 101 号", "王强", "0792-8221005", nullptr},
    {Kind::contractor, "九江市浔阳建筑工程有限公司", "360403", "DEM0006",
     "九江市浔阳区庾亮南路 30 号", "李峰", "0792-8221006", nullptr},
    {Kind::contractor, "修水县宏达建筑安装有限公司", "360424", "DEM0007",
     "修水县义宁镇良塘大道 12 号", "冷伟", "0792-7221007", nullptr},
    {Kind::supervision_company, "江西庐山建设监理有限公司", "360483", "DEM0008",
     "庐山市南康镇紫阳北路 5 号", "吴敏", "0792-2621008", nullptr},
    {Kind::supervision_company, "九江市建设监理有限公司", "360403", "DEM0009",
     "九江市浔阳区浔阳东路 88 号", "徐涛", "0792-8221009", nullptr},
    {Kind::ready_mix_plant, "九江市柴桑混凝土有限公司", "360404", "DEM0010",
     "九江市柴桑区沙河街工业园 3 号", "蔡亮", "0792-6821010", nullptr},
    {Kind::ready_mix_plant, "永修县恒固预拌混凝土有限公司", "360425", "DEM0011",
     "永修县涂埠镇工业大道 21 号", "邹平", "0792-3221011",
     "营业执照原件上的代码校验位不符，已向市场监管部门核实登记无误 the licence carries this "
     "code; confirmed with the market regulator"},
    // Jilin 吉林省 (22xxxx): the Jilin notice applies province-wide.
    {Kind::construction_unit, "长春市城市发展投资控股有限公司", "220102", "DEM0012",
     "长春市南关区人民大街 3366 号", "张伟", "0431-8221012", nullptr},
    {Kind::construction_unit, "吉林市城市建设控股集团有限公司", "220202", "DEM0013",
     "吉林市昌邑区解放东路 9 号", "孙岩", "0432-6221013", nullptr},
    {Kind::construction_unit, "延吉市城市建设投资有限公司", "222401", "DEM0014",
     "延吉市光明街 1 号", "金成浩", "0433-2821014", nullptr},
    {Kind::contractor, "吉林省宏图建设工程有限公司", "220104", "DEM0015",
     "长春市朝阳区西安大路 1200 号", "赵刚", "0431-8821015", nullptr},
    {Kind::contractor, "长春市二道建筑工程有限公司", "220105", "DEM0016",
     "长春市二道区东盛大街 58 号", "马超", "0431-8421016", nullptr},
    {Kind::contractor, "吉林市船营建筑安装有限公司", "220204", "DEM0017",
     "吉林市船营区越山路 77 号", "郭鹏", "0432-6421017", nullptr},
    {Kind::supervision_company, "吉林省正达建设监理有限公司", "220102", "DEM0018",
     "长春市南关区亚泰大街 600 号", "高洁", "0431-8821018", nullptr},
    {Kind::supervision_company, "长春市绿园工程监理有限公司", "220106", "DEM0019",
     "长春市绿园区青年路 200 号", "林涛", "0431-8721019", nullptr},
    {Kind::ready_mix_plant, "长春市北方预拌混凝土有限公司", "220106", "DEM0020",
     "长春市绿园区西新工业园 8 号", "于洋", "0431-8721020", nullptr},
    {Kind::ready_mix_plant, "吉林市丰满商品混凝土有限公司", "220211", "DEM0021",
     "吉林市丰满区吉丰东路 16 号", "白雪", "0432-6521021", nullptr},
    // Issue 5 item 6: a supervision company and a contractor in the two demo stations' counties,
    // so that each station finds every kind of party in its own region.
    {Kind::supervision_company, "九江市濂溪建设监理有限公司", "360402", "DEM0022",
     "九江市濂溪区莲花大道 210 号", "罗斌", "0792-8221022", nullptr},
    {Kind::contractor, "长春市南关建筑工程有限公司", "220102", "DEM0023",
     "长春市南关区自由大路 1500 号", "宋健", "0431-8821023", nullptr},
};

// The demo organisation's credit code: the computed check character, or for an admitted
// mismatch the next symbol of the alphabet after it.
std::string credit_code_of(const DemoOrganisation& d) {
  const std::string first17 = std::string("91") + d.region_code + "MA" + d.serial;
  char check = domain::credit_code_check(first17);
  if (d.override_reason) {
    const auto& alphabet = domain::kCreditCodeAlphabet;
    check = alphabet[(alphabet.find(check) + 1) % alphabet.size()];
  }
  return first17 + check;
}

}  // namespace

Status Application::load_demo_organisations(storage::Connection& conn, Instant now) {
  service::Caller loader;
  loader.actor = "sysadmin";
  loader.role = "system_admin";
  loader.source_ip = "local";
  loader.request_id = "demo";
  int added = 0;
  for (const auto& d : kOrganisations) {
    domain::Organisation org;
    org.kind = d.kind;
    org.name = d.name;
    org.credit_code = credit_code_of(d);
    if (d.override_reason) {
      org.credit_override = d.override_reason;
    }
    org.region_code = d.region_code;
    org.address = d.address;
    org.contact_name = d.contact_name;
    org.contact_phone = d.contact_phone;
    org.created_by = loader.actor;
    org.created_at = now;
    org.updated_at = now;
    auto id = storage::insert_organisation(conn, org);
    if (!id) {
      return std::move(id).error();
    }
    if (!*id) {
      continue;  // registered on an earlier start
    }
    ++added;
    const std::string record_id = std::to_string(**id);
    boost::json::object record{{"kind", domain::kind_name(org.kind)},
                               {"name", org.name},
                               {"credit_code", org.credit_code},
                               {"region_code", org.region_code},
                               {"address", org.address},
                               {"reason", "registered 登记"}};
    record["credit_override"] = org.credit_override ? boost::json::value(*org.credit_override)
                                                    : boost::json::value(nullptr);
    auto leaf = service::record_registry_version(
        conn, *ledger_,
        {registry::kOrganisationType, record_id, "", std::move(record), loader.actor, now},
        service::Ledger::Previous::none);
    if (!leaf) {
      return std::move(leaf).error();
    }
    const std::string target = "organisation/" + record_id;
    LW_TRY(
        auditor_->record(conn, loader, now, "organisation.register", target, R"({"demo":true})"));
    if (org.credit_override) {
      LW_TRY(auditor_->record(
          conn, loader, now, "organisation.credit_override", target,
          boost::json::serialize(boost::json::object{{"credit_code", org.credit_code},
                                                     {"reason", *org.credit_override},
                                                     {"demo", true}})));
    }
  }
  if (added > 0) {
    log::info("demo_loaded", {{"organisations", added}});
  }
  return {};
}

}  // namespace lw::app
