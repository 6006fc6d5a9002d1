#pragma once
// Bodies and answers of the on-site routes (docs/onsite.md): every request body decoded into
// the use case's input with its field errors, every record as the API shows it.
#include <boost/json/object.hpp>

#include "onsite/onsite_tests.hpp"

namespace lw::api {

Result<onsite::NewComponent> new_component(const boost::json::object& body,
                                           std::int64_t project_id);
Result<onsite::NewBatch> new_batch(const boost::json::object& body);
Result<onsite::NewTest> new_onsite_test(const boost::json::object& body);
Result<onsite::Finish> finish_of(const boost::json::object& body);
Result<onsite::Data> onsite_data(const boost::json::object& body);
Result<onsite::NewPhoto> new_photo(const boost::json::object& body);
Result<onsite::NewFiling> new_filing(const boost::json::object& body);
Result<onsite::Decision> decision_of(const boost::json::object& body);

boost::json::object component_json(const storage::Component& c);
boost::json::object batch_json(const storage::OnsiteBatch& b);
boost::json::object batch_view_json(const onsite::BatchView& v);
boost::json::object onsite_test_json(const storage::OnsiteTest& t);
boost::json::object onsite_test_view_json(const onsite::TestView& v);
boost::json::object photo_json(const storage::OnsitePhoto& p);
boost::json::object photo_view_json(const onsite::PhotoView& v);
boost::json::object filing_json(const storage::ForceMajeure& f);

}  // namespace lw::api
