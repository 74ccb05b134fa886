package gen

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// inventoryOfMini runs patch, generate and format on the mini spec and
// returns the generated files with the inventory among them.
func inventoryOfMini(t *testing.T) map[string][]byte {
	t.Helper()
	api := API{Name: "mini", Package: "mini"}
	spec, err := os.ReadFile("testdata/mini/mini.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := os.ReadFile("testdata/mini/mini.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Patch(api, spec, overlay, "mini.overlay.yaml", Transforms)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NameServices(p.Doc, nil, false); err != nil {
		t.Fatal(err)
	}
	ops := inventoryOperations(p.Doc)
	if _, err := BuildModel(p.Doc, nil, false); err != nil {
		t.Fatal(err)
	}
	src, err := GenerateSource(p.Doc, api.Package)
	if err != nil {
		t.Fatal(err)
	}
	h := Header{SpecFile: api.SpecFile(), SHA256: sha256Hex(spec)}
	files, err := Format(src, api.Package, "", h)
	if err != nil {
		t.Fatal(err)
	}
	if files[InventoryFile], err = buildInventory(api.Name, h, ops, files); err != nil {
		t.Fatal(err)
	}
	return files
}

func TestInventory(t *testing.T) {
	inv := string(inventoryOfMini(t)[InventoryFile])
	lines := strings.Split(strings.TrimSuffix(inv, "\n"), "\n")
	if !strings.HasPrefix(lines[0], generatedMarker) || !isGenerated([]byte(inv)) {
		t.Errorf("first line %q is not the generated-file header", lines[0])
	}
	if lines[2] != "// The 13 operations of mini, one per line: METHOD path operationId → service method, its result and its iterator." || lines[3] != "" {
		t.Errorf("preamble = %q", lines[1:4])
	}
	ops := lines[4:]
	if len(ops) != 13 {
		t.Fatalf("%d operation lines, want 13:\n%s", len(ops), inv)
	}
	for _, want := range []string{
		"PATCH /clients/{clientId} updateClient → Clients.Update *Customer",
		"GET /shops/{shop_id}/visits listVisits → Visits.List []Visit, iterator Visits.ListAll",
		"POST /shops/{shop_id}/visits createVisit → Visits.Create *Visit",
		"POST /shops/{shop_id}/photos uploadPhoto → Shops.UploadPhoto *UploadPhotoResponse",
		"GET /shops/{shop_id}/status getShopStatus → Shops.GetStatus *GetShopStatusResponseData",
		"POST /shops/{shop_id}/notes createNote → Shops.CreateNote",
		"GET /shops/{shop_id}/visits/{visit_id}/receipt getReceipt → Visits.GetReceipt []byte",
	} {
		if !strings.Contains(inv, "\n"+want+"\n") {
			t.Errorf("no line %q in:\n%s", want, inv)
		}
	}
	for i := 1; i < len(ops); i++ {
		a, b := strings.Fields(ops[i-1]), strings.Fields(ops[i])
		if a[1] > b[1] || (a[1] == b[1] && a[0] >= b[0]) {
			t.Errorf("lines not sorted by path, then method: %q before %q", ops[i-1], ops[i])
		}
	}
}

func TestInventoryListsIterators(t *testing.T) {
	files := map[string][]byte{
		"visits.go": []byte("package p\n\ntype VisitsService struct{}\n\nfunc (s *VisitsService) List() ([]int, error) { return nil, nil }\n\nfunc (s *VisitsService) ListAll() {}\n\nfunc (s *VisitsService) Create() {}\n"),
	}
	h := Header{SpecFile: "p.openapi.yaml", SHA256: strings.Repeat("0", 64)}
	ops := []InventoryEntry{{Method: "GET", Path: "/visits", OperationID: "listVisits", GoMethod: "Visits.List"}, {Method: "POST", Path: "/visits", OperationID: "createVisit", GoMethod: "Visits.Create"}}
	inv, err := buildInventory("p", h, ops, files)
	if err != nil || !strings.HasSuffix(string(inv), "\nGET /visits listVisits → Visits.List []int, iterator Visits.ListAll\nPOST /visits createVisit → Visits.Create\n") {
		t.Errorf("inventory %q, err %v", inv, err)
	}
}

func TestInventoryMissingMethod(t *testing.T) {
	files := map[string][]byte{"visits.go": []byte("package p\n\ntype VisitsService struct{}\n\nfunc (s *VisitsService) List() {}\n")}
	h := Header{SpecFile: "p.openapi.yaml", SHA256: strings.Repeat("0", 64)}
	ops := []InventoryEntry{{Method: "GET", Path: "/visits", OperationID: "listVisits", GoMethod: "Visits.List"}}
	if inv, err := buildInventory("p", h, ops, files); err != nil || !strings.HasSuffix(string(inv), "\nGET /visits listVisits → Visits.List\n") {
		t.Errorf("inventory %q, err %v", inv, err)
	}
	ops = append(ops, InventoryEntry{Method: "DELETE", Path: "/visits/{id}", OperationID: "cancel_visit", GoMethod: "Visits.Cancel"})
	_, err := buildInventory("p", h, ops, files)
	if err == nil || !strings.Contains(err.Error(), `DELETE /visits/{id} (cancel_visit): no method "Visits.Cancel"`) {
		t.Errorf("err = %v, want the missing method named", err)
	}
}

// TestGoMethodNameMatchesConfig keeps GoMethodName on the name normalizer
// the generator runs with: after a run, oapi-codegen's own
// ToCamelCaseWithInitialisms (which reads the run's initialisms) names
// every operationId as GoName does.
func TestGoMethodNameMatchesConfig(t *testing.T) {
	cfg, err := CodegenConfig("p")
	if err != nil {
		t.Fatal(err)
	}
	if got := codegen.NameNormalizerFunction(cfg.OutputOptions.NameNormalizer); got != NameNormalizer {
		t.Fatalf("CodegenConfig selects the name normalizer %q; make GoMethodName use it", got)
	}
	if !slices.Equal(cfg.OutputOptions.AdditionalInitialisms, Initialisms) {
		t.Fatalf("CodegenConfig's AdditionalInitialisms = %v, want Initialisms", cfg.OutputOptions.AdditionalInitialisms)
	}
	inventoryOfMini(t) // runs the generator, which sets its initialisms
	codegenMu.Lock()
	defer codegenMu.Unlock()
	for id, want := range map[string]string{
		"list_positions": "ListPositions", "getVisit": "GetVisit", "delete-tag": "DeleteTag",
		"get_membership_type_list_by_id": "GetMembershipTypeListByID", "get_product_category_list_by_ids": "GetProductCategoryListByIDs",
		"get_visit_receipt_pdf": "GetVisitReceiptPDF", "send_sms_by_url": "SendSMSByURL", "vat_api_uuid": "VATAPIUUID",
		"location_id": "LocationID", "salonIds": "SalonIDs",
	} {
		if got := GoMethodName(id); got != want {
			t.Errorf("GoMethodName(%q) = %q, want %q", id, got, want)
		}
		if got := codegen.ToCamelCaseWithInitialisms(id); got != want {
			t.Errorf("oapi-codegen names %q %q, GoMethodName %q", id, got, want)
		}
	}
}

// TestStaleInventoryIsDetected: the inventory is a generated file like the
// Go files, so a stale one makes the directory out of date (the golden
// test's and the writer's view) and is replaced on write.
func TestStaleInventoryIsDetected(t *testing.T) {
	files := inventoryOfMini(t)
	dir := filepath.Join(t.TempDir(), "mini")
	if _, err := WriteDirs(map[string]map[string][]byte{dir: files}); err != nil {
		t.Fatal(err)
	}
	if ok, err := DirHolds(dir, files); err != nil || !ok {
		t.Fatalf("fresh directory: DirHolds = %v, %v", ok, err)
	}
	inv := filepath.Join(dir, InventoryFile)
	stale := strings.Replace(string(files[InventoryFile]), "uploadPhoto → Shops.UploadPhoto *UploadPhotoResponse\n", "", 1)
	if err := os.WriteFile(inv, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	if ok, err := DirHolds(dir, files); err != nil || ok {
		t.Fatalf("stale inventory: DirHolds = %v, %v; want false", ok, err)
	}
	if _, err := WriteDirs(map[string]map[string][]byte{dir: files}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(inv); string(got) != string(files[InventoryFile]) {
		t.Error("WriteDirs did not replace the stale inventory")
	}
	// A hand-written OPERATIONS.txt (no header) is not the pipeline's.
	if err := os.WriteFile(inv, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if names, err := generatedFiles(dir); err != nil || strings.Contains(strings.Join(names, " "), InventoryFile) {
		t.Errorf("generatedFiles = %v, %v; a file without the header is not generated", names, err)
	}
}
