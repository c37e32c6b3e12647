namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>Norwegian school years: a child starts 1st grade in August of the year it turns 6 and the school year runs
/// from August to June.</summary>
public static class SchoolYears
{
    /// <summary>The grade on that day (0 or less: before school; 11 or more: after lower secondary school).</summary>
    public static int GradeOn(DateOnly birth, DateOnly on) => StartYearOf(on) - (birth.Year + 6) + 1;

    /// <summary>The calendar year the school year that day belongs to started in.</summary>
    public static int StartYearOf(DateOnly on) => on.Month >= 8 ? on.Year : on.Year - 1;

    /// <summary>The first day of August in the year the child starts that grade.</summary>
    public static DateOnly StartOf(DateOnly birth, int grade) => new(birth.Year + 6 + grade - 1, 8, 1);
}
