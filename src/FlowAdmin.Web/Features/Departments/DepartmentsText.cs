namespace FlowAdmin.Web.Features.Departments;

public sealed class DepartmentsText;
