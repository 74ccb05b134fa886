package gen

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const servicesSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /records/{location_id}:
    get:
      operationId: get_appointment_list
      tags: [Appointments]
      parameters:
        - {name: location_id, in: path, required: true, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
      responses: {"200": {description: ok}}
    post:
      operationId: create_appointment
      tags: [Appointments]
      parameters:
        - {name: location_id, in: path, required: true, schema: {type: integer}}
      responses: {"200": {description: ok}}
  /record/{location_id}/{id}:
    get:
      operationId: get_appointment
      tags: [Appointments]
      parameters:
        - {name: location_id, in: path, required: true, schema: {type: integer}}
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: include, in: query, schema: {type: string}}
      responses: {"200": {description: ok}}
    delete:
      operationId: delete_appointment
      tags: [Appointments]
      parameters:
        - {name: location_id, in: path, required: true, schema: {type: integer}}
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: include, in: query, schema: {type: string}}
      responses: {"200": {description: ok}}
  /records/partner:
    get:
      operationId: get_partner_appointment_list
      tags: [Appointments]
      responses: {"200": {description: ok}}
  /clients/{location_id}/bulk:
    post:
      operationId: bulk_create_clients
      tags: [Clients]
      parameters:
        - {name: location_id, in: path, required: true, schema: {type: integer}}
      responses: {"200": {description: ok}}
  /x:
    get:
      operationId: get_thing
      tags: ["Schedule & Resources"]
      responses: {"200": {description: ok}}
`

func loadServicesSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(servicesSpec))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestNameServices(t *testing.T) {
	doc := loadServicesSpec(t)
	rows := map[string]ServiceRow{"Appointments": {Methods: map[string]string{"get_partner_appointment_list": "ListForPartner"}}}
	svcs, err := NameServices(doc, rows, false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range svcs {
		for id, m := range s.Methods {
			got[id] = s.Name + "." + m
		}
	}
	for id, want := range map[string]string{
		"get_appointment_list":         "Appointments.List",
		"create_appointment":           "Appointments.Create",
		"get_appointment":              "Appointments.Get",
		"delete_appointment":           "Appointments.Delete",
		"get_partner_appointment_list": "Appointments.ListForPartner", // the table's name
		"bulk_create_clients":          "Clients.BulkCreate",          // the plural noun
		"get_thing":                    "ScheduleResources.GetThing",  // "&" dropped
	} {
		if got[id] != want {
			t.Errorf("%s → %q, want %q", id, got[id], want)
		}
	}
	op := doc.Paths.Value("/records/{location_id}").Get
	if op.Extensions[ServiceExtension] != "Appointments" || op.Extensions[MethodExtension] != "List" || callName(op) != "Appointments.List" {
		t.Errorf("extensions %v", op.Extensions)
	}
	// A name the table gives wins over a derived one, which keeps the
	// operation's whole name.
	doc = loadServicesSpec(t)
	if _, err := NameServices(doc, map[string]ServiceRow{"Appointments": {Methods: map[string]string{"get_appointment": "List"}}}, false); err != nil {
		t.Fatal(err)
	}
	if m := doc.Paths.Value("/records/{location_id}").Get.Extensions[MethodExtension]; m != "GetAppointmentList" {
		t.Errorf("get_appointment_list → %v, want GetAppointmentList", m)
	}
	for _, tc := range []struct {
		rows map[string]ServiceRow
		want string
	}{
		{map[string]ServiceRow{"Nope": {Service: "Nope"}}, `no operation has the tag "Nope"`},
		{map[string]ServiceRow{"Clients": {Service: "Appointments"}}, `tags "Appointments" and "Clients" are both service Appointments`},
		{map[string]ServiceRow{"Appointments": {Methods: map[string]string{"get_appointment": "Fetch", "delete_appointment": "Fetch"}}}, "delete_appointment and get_appointment are both method Fetch"},
	} {
		if _, err := NameServices(loadServicesSpec(t), tc.rows, false); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("rows %v: err = %v, want %q", tc.rows, err, tc.want)
		}
	}
}

func TestMethodName(t *testing.T) {
	for in, want := range map[string]string{
		"GetClientFileList":        "ListFiles",
		"GetClientAccountListByID": "ListByID",
		"DeprecatedGetClientList":  "DeprecatedList",
		"GetClient":                "Get",
		"GetClients":               "Get", // the longer noun first
		"Client":                   "",
		"SearchClientVisits":       "SearchVisits",
		"GetClientsByPhone":        "GetByPhone",
	} {
		if got := methodName(in, []string{"ClientAccount", "Clients", "Client"}); got != want {
			t.Errorf("methodName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameParamsTypes(t *testing.T) {
	doc := loadServicesSpec(t)
	NameParamsTypes(doc)
	params := func(path, method string) (string, bool) {
		op := doc.Paths.Value(path).GetOperation(method)
		name, _ := op.Extensions[ParamsExtension].(string)
		owner, _ := op.Extensions[ParamsOwnerExtension].(bool)
		return name, owner
	}
	// The same parameters: one struct, named for what the names share,
	// declared by the first operation.
	if name, owner := params("/record/{location_id}/{id}", "DELETE"); name != "AppointmentParams" || !owner {
		t.Errorf("delete_appointment: %q owner %v", name, owner)
	}
	if name, owner := params("/record/{location_id}/{id}", "GET"); name != "AppointmentParams" || owner {
		t.Errorf("get_appointment: %q owner %v", name, owner)
	}
	if name, owner := params("/records/{location_id}", "GET"); name != "GetAppointmentListParams" || !owner {
		t.Errorf("get_appointment_list: %q owner %v", name, owner)
	}
	// No query parameters: no params struct.
	if name, _ := params("/records/{location_id}", "POST"); name != "" {
		t.Errorf("create_appointment: %q", name)
	}
}
