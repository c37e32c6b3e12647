// What the use-case folders share, so each file starts with its own code.
global using DigiHelsestasjon.BuildingBlocks.Contracts;
global using DigiHelsestasjon.BuildingBlocks.Mediation;
global using DigiHelsestasjon.Directory.Contracts;
global using DigiHelsestasjon.Directory.Persistence;
global using MediatR;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Caching.Memory;
