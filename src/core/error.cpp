#include "core/error.hpp"

#include <array>

namespace lw {
namespace {

constexpr std::array kCatalogue{
    ErrorKind{errc::bad_request, 400, "请求格式错误", "Malformed request"},
    ErrorKind{errc::invalid_json, 400, "请求体不是有效的 JSON", "Request body is not valid JSON"},
    ErrorKind{errc::body_hash_mismatch, 400, "请求体与 X-Content-SM3 声明的 SM3 摘要不符",
              "The body does not match the SM3 declared in X-Content-SM3"},
    ErrorKind{errc::invalid_argument, 422, "请求参数不符合要求",
              "Request fields failed validation"},
    ErrorKind{errc::unauthenticated, 401, "未登录或登录已过期，请重新登录",
              "Not signed in or the session has expired"},
    ErrorKind{errc::invalid_credentials, 401, "用户名或密码错误", "Wrong login name or password"},
    ErrorKind{errc::totp_required, 401, "请输入动态验证码", "A one-time code (TOTP) is required"},
    ErrorKind{errc::totp_invalid, 401, "动态验证码错误或已使用",
              "The one-time code is wrong or was already used"},
    ErrorKind{errc::key_unknown, 401, "接口密钥不存在或已吊销", "Unknown or revoked API key"},
    ErrorKind{errc::timestamp_skewed, 401, "请求时间戳与服务器时间相差超过 300 秒",
              "X-Timestamp is more than 300 s from the server clock"},
    ErrorKind{errc::signature_invalid, 401, "请求签名无效", "The request signature is invalid"},
    ErrorKind{errc::nonce_reused, 401, "请求随机数已使用过", "The nonce was already used"},
    ErrorKind{errc::self_review, 403, "检测人员不得复核本人的检测结果（双人复核）",
              "The tester cannot review their own result (two-person review)"},
    ErrorKind{errc::csrf_mismatch, 403, "请求缺少有效的 CSRF 令牌", "Missing or wrong CSRF token"},
    ErrorKind{errc::forbidden, 403, "当前角色无权执行此操作", "Your role may not do this"},
    ErrorKind{errc::witness_not_eligible, 403,
              "见证人员不符合条件（未分配到本项目、无书面授权或证书失效），不得绑定标签",
              "The witness may not bind labels (not assigned or not authorised or no valid "
              "certificate)"},
    ErrorKind{errc::password_incorrect, 403, "原密码错误", "The current password is wrong"},
    ErrorKind{errc::password_change_required, 403, "请先修改密码",
              "Change your password before anything else"},
    ErrorKind{errc::totp_enrolment_required, 403, "请先绑定动态验证码（TOTP）",
              "Enrol a TOTP authenticator before anything else"},
    ErrorKind{errc::four_eyes, 403, "变更须由申请人以外的人员审批",
              "A change must be decided by someone other than its requester"},
    ErrorKind{errc::not_found, 404, "请求的资源不存在", "Resource not found"},
    ErrorKind{errc::label_unknown, 404, "平台未发放该二维码标签", "No such QR label was issued"},
    ErrorKind{errc::method_not_allowed, 405, "该资源不支持此请求方法",
              "Method not allowed on this resource"},
    ErrorKind{errc::request_timeout, 408, "请求发送超时", "Request was not received in time"},
    ErrorKind{errc::conflict, 409, "请求与当前状态冲突",
              "Request conflicts with the current state"},
    ErrorKind{errc::change_outdated, 409, "记录在申请提交后已有新版本，请驳回后重新申请",
              "The record has a newer version than the request; reject it and propose again"},
    ErrorKind{errc::label_already_bound, 409, "该二维码标签已绑定其他试件，不可重复使用",
              "The QR label is bound to a specimen already and cannot be reused"},
    ErrorKind{errc::payload_too_large, 413, "请求体超过大小限制",
              "Request body exceeds the size limit"},
    ErrorKind{errc::unsupported_media_type, 415, "不支持的内容类型", "Unsupported content type"},
    ErrorKind{errc::duties_conflict, 422, "系统管理员、安全管理员、审计管理员三种职责不得兼任",
              "The three admin duties cannot be combined"},
    ErrorKind{errc::label_invalid, 422, "二维码标签编号无效（校验位不符）",
              "Not a QR label code (the check character is wrong)"},
    ErrorKind{errc::label_other_project, 422, "该二维码标签属于其他工程项目",
              "The QR label was issued to another project"},
    ErrorKind{errc::lab_not_connected, 422, "该检测机构未接入监管平台，不得委托",
              "The lab is not connected to the platform and cannot be commissioned"},
    ErrorKind{errc::lab_not_qualified, 422, "该检测机构不具备该检测项目的有效资质，不得委托",
              "The lab holds no qualification in force for this test item"},
    ErrorKind{errc::test_refused, 422, "检测不得开始：样品、人员、设备或资质不符合要求",
              "The test may not start as its specimens or people or equipment or qualification "
              "fail the checks"},
    ErrorKind{errc::reviewer_not_certified, 422, "复核人员无有效上岗证书，不得复核",
              "The reviewer holds no valid certificate"},
    ErrorKind{errc::approver_not_quality, 422, "数据修改须经本机构质量负责人批准",
              "A change needs the approval of the lab's quality lead"},
    ErrorKind{errc::onsite_refused, 422, "现场检测不得开始：构件、人员、见证、设备或资质不符合要求",
              "The on-site test may not start as its component or people or witness or equipment "
              "or qualification fail the checks"},
    ErrorKind{errc::report_refused, 422,
              "报告不予出具：与平台已有的检测数据、试件、批次、设备或人员记录不符",
              "The report is refused as it disagrees with the platform's test data or specimens or "
              "batch or equipment or people"},
    ErrorKind{errc::account_locked, 423, "账户已锁定，请稍后再试",
              "Account is locked; try again later"},
    ErrorKind{errc::rate_limited, 429, "请求过于频繁，请稍后再试",
              "Too many requests; try again later"},
    ErrorKind{errc::header_too_large, 431, "请求头过大", "Request header fields too large"},
    ErrorKind{errc::internal, 500, "服务器内部错误", "Internal server error"},
    ErrorKind{errc::storage_unavailable, 503, "数据存储暂不可用，请稍后重试",
              "Storage unavailable; retry later"},
    ErrorKind{errc::shutting_down, 503, "服务正在停止，请稍后重试",
              "Server is shutting down; retry later"},
};

}  // namespace

std::span<const ErrorKind> error_catalogue() {
  return kCatalogue;
}

const ErrorKind& error_kind(std::string_view code) {
  for (const auto& k : kCatalogue) {
    if (k.code == code) {
      return k;
    }
  }
  for (const auto& k : kCatalogue) {
    if (k.code == errc::internal) {
      return k;
    }
  }
  return kCatalogue.front();
}

Error field_error(std::string_view field, std::string_view reason) {
  boost::json::object fields;
  fields[field] = reason;
  return Error(std::string(errc::invalid_argument), std::string(field) + ": " + std::string(reason),
               {{"fields", std::move(fields)}});
}

}  // namespace lw
