using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.Calendar.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InformationTextNynorsk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TextNynorsk",
                schema: "calendar",
                table: "information_texts",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TextNynorsk",
                schema: "calendar",
                table: "information_texts");
        }
    }
}
