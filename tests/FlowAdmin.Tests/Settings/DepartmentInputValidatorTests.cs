using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Departments;

namespace FlowAdmin.Tests.Settings;

public sealed class DepartmentInputValidatorTests : IDisposable
{
    private readonly SettingsDb _db = new();
    private readonly DepartmentInputValidator _validator;

    public DepartmentInputValidatorTests() =>
        _validator = new(_db, _db.Localizer<CommonText>(), _db.Localizer<DepartmentsText>());

    [Fact]
    public async Task A_named_department_with_a_hex_colour_is_valid()
    {
        var result = await _validator.ValidateAsync(new DepartmentInput { Name = "Vendas", Color = "#1E88e5" });
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("", "#1976d2", "Name")]
    [InlineData("   ", "#1976d2", "Name")]
    [InlineData("Vendas", "blue", "Color")]
    [InlineData("Vendas", "#12345", "Color")]
    [InlineData("Vendas", "1976d2", "Color")]
    [InlineData("Vendas", "#1976dg", "Color")]
    public async Task Bad_input_is_an_error_on_its_field(string name, string color, string field)
    {
        var result = await _validator.ValidateAsync(new DepartmentInput { Name = name, Color = color });
        Assert.Equal([field], result.Errors.Select(e => e.PropertyName).Distinct());
    }

    [Fact]
    public async Task A_name_longer_than_120_characters_is_refused()
    {
        var result = await _validator.ValidateAsync(new DepartmentInput { Name = new string('x', 121) });
        Assert.Contains(result.Errors, e => e.PropertyName == "Name");
    }

    [Fact]
    public async Task A_name_taken_in_the_tenant_is_refused_whatever_its_case_but_not_by_itself_or_another_tenant()
    {
        var sales = _db.Add(_db.TenantA, new Department { Name = "Vendas" });
        _db.Add(_db.TenantB, new Department { Name = "Suporte" });

        var duplicate = await _validator.ValidateAsync(new DepartmentInput { Name = " VENDAS " });
        var error = Assert.Single(duplicate.Errors);
        Assert.Equal("Name", error.PropertyName);
        Assert.Equal(_db.Localizer<CommonText>()["Name.Taken"], error.ErrorMessage);

        Assert.True((await _validator.ValidateAsync(new DepartmentInput { Id = sales.Id, Name = "Vendas" })).IsValid);
        Assert.True((await _validator.ValidateAsync(new DepartmentInput { Name = "Suporte" })).IsValid);
    }

    public void Dispose() => _db.Dispose();
}
