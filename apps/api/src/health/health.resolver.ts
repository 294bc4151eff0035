import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '../auth/auth.guard';
import { HealthService } from './health.service';
import { Health } from './health.types';

@Resolver(() => Health)
export class HealthResolver {
  constructor(private readonly service: HealthService) {}

  @Public()
  @Query(() => Health)
  health(): Health {
    return this.service.health();
  }
}
