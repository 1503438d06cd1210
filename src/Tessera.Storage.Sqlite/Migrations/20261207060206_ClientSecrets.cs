using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ClientSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_client_secrets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_client_secrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_app_client_secrets_app_clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "app_clients",
                        principalColumn: "ClientId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_app_client_secrets_ClientId",
                table: "app_client_secrets",
                column: "ClientId");

            // Each client's one secret becomes its first rotating secret, with the id AWS would give it.
            migrationBuilder.Sql(
                "INSERT INTO app_client_secrets (\"Id\", \"ClientId\", \"Ciphertext\", \"Hash\", \"CreatedAt\") " +
                "SELECT \"ClientId\" || '--' || \"CreatedAt\", \"ClientId\", \"SecretCiphertext\", \"SecretHash\", \"CreatedAt\" " +
                "FROM app_clients WHERE \"SecretCiphertext\" IS NOT NULL AND \"SecretHash\" IS NOT NULL");

            migrationBuilder.DropColumn(
                name: "SecretCiphertext",
                table: "app_clients");

            migrationBuilder.DropColumn(
                name: "SecretHash",
                table: "app_clients");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "SecretCiphertext",
                table: "app_clients",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SecretHash",
                table: "app_clients",
                type: "BLOB",
                nullable: true);

            // The oldest secret goes back into the client's row.
            migrationBuilder.Sql(
                "UPDATE app_clients SET " +
                "\"SecretCiphertext\" = (SELECT s.\"Ciphertext\" FROM app_client_secrets s WHERE s.\"ClientId\" = app_clients.\"ClientId\" ORDER BY s.\"CreatedAt\" LIMIT 1), " +
                "\"SecretHash\" = (SELECT s.\"Hash\" FROM app_client_secrets s WHERE s.\"ClientId\" = app_clients.\"ClientId\" ORDER BY s.\"CreatedAt\" LIMIT 1)");

            migrationBuilder.DropTable(
                name: "app_client_secrets");
        }
    }
}
